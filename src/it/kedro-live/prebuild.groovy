// The project's Python is the Kedro 1.x environment the build set up.
def python = dev.kedrovertexai.core.TestTools.kedroPythonForIntegrationTest(testEnvironment, basedir.name)
context.get('userProperties').put('vertexai.python', python)
true
