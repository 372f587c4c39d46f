// Serve a fake Vertex AI on loopback for this build and point the plugin at it.
def fake = dev.kedrovertexai.core.vertex.FakeVertexAi.fromArguments(
    '--port', '0', '--record', new File(basedir, 'target/fake-vertex-jobs').path)
context.put('fakeVertex', fake)
context.get('userProperties').put('vertexai.endpoint', "http://127.0.0.1:${fake.port()}".toString())
true
