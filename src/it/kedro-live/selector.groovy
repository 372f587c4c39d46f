// Runs only where the build set up the Kedro 1.x environment; in CI its absence fails instead.
dev.kedrovertexai.core.TestTools.kedroPythonForIntegrationTest(testEnvironment, basedir.name) != null
