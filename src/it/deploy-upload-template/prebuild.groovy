// Serve a fake Vertex AI and a fake Artifact Registry repository of the Kubeflow Pipelines format on loopback.
def fake = dev.kedrovertexai.core.vertex.FakeVertexAi.fromArguments(
    '--port', '0', '--record', new File(basedir, 'target/fake-vertex-jobs').path)
context.put('fakeVertex', fake)
context.get('userProperties').put('vertexai.endpoint', "http://127.0.0.1:${fake.port()}".toString())
// A local registry on plain HTTP is sent no credentials: the fake refuses any Authorization header.
def registry = new dev.kedrovertexai.core.template.FakeTemplateRegistry('my-project', 'kedro-pipelines', null)
context.put('fakeRegistry', registry)
context.get('userProperties').put('vertexai.templateRepository', registry.url())
true
