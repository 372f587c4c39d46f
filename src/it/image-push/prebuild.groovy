// A registry on loopback with a base image in it, and the image names pointing there.
import java.nio.file.Path

def crane = dev.kedrovertexai.core.TestTools.toolForIntegrationTest(
    testEnvironment, dev.kedrovertexai.core.TestTools.Tool.CRANE, basedir.name)
def registry = dev.kedrovertexai.core.CraneRegistry.start(Path.of(crane))
context.put('registry', registry)
dev.kedrovertexai.core.TestImages.pushBase(registry, 'base/python:3.11-slim', [PYTHON_VERSION: '3.11.9'])
def properties = context.get('userProperties')
properties.put('vertexai.image', "${registry.host}/kedro/tiny:1".toString())
properties.put('vertexai.baseImage', "${registry.host}/base/python:3.11-slim".toString())
true
