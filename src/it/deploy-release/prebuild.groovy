// A container registry with a base image, a fake Artifact Registry repository of the Kubeflow Pipelines format and
// a fake Vertex AI, all on loopback, and the names pointing there.
import java.nio.file.Path

def crane = dev.kedrovertexai.core.TestTools.toolForIntegrationTest(
    testEnvironment, dev.kedrovertexai.core.TestTools.Tool.CRANE, basedir.name)
def registry = dev.kedrovertexai.core.CraneRegistry.start(Path.of(crane))
context.put('registry', registry)
dev.kedrovertexai.core.TestImages.pushBase(registry, 'base/python:3.11-slim', [PYTHON_VERSION: '3.11.9'])
def templates = new dev.kedrovertexai.core.template.FakeTemplateRegistry('my-project', 'kedro-pipelines', null)
context.put('templates', templates)
def vertex = dev.kedrovertexai.core.vertex.FakeVertexAi.fromArguments(
    '--port', '0', '--record', new File(basedir, 'target/fake-vertex-jobs').path)
context.put('vertex', vertex)
def properties = context.get('userProperties')
properties.put('vertexai.image', "${registry.host}/kedro/tiny:1".toString())
properties.put('vertexai.baseImage', "${registry.host}/base/python:3.11-slim".toString())
properties.put('vertexai.templateRepository', templates.url())
properties.put('vertexai.endpoint', "http://127.0.0.1:${vertex.port()}".toString())
true
