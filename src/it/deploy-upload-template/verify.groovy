import groovy.json.JsonSlurper
import java.security.MessageDigest

try {
  def registry = context.fakeRegistry
  def spec = new File(basedir, 'target/vertexai/pipeline.json')
  def digest = 'sha256:' + MessageDigest.getInstance('SHA-256').digest(spec.bytes).encodeHex().toString()

  assert registry.uploads().size() == 1 : 'exactly one upload'
  def upload = registry.uploads()[0]
  assert upload.authorization() == null : 'no credentials for a local registry'
  assert upload.parts()*.disposition() ==
      ['form-data; name="tags"', 'form-data; name="content"; filename="pipeline.json"']
  assert new String(upload.parts()[0].body(), 'UTF-8') == '1.0,latest' : 'a release is tagged latest too'
  assert upload.parts()[1].body() == spec.bytes
  assert registry.tagsOf('tiny') == ['1.0': digest, 'latest': digest]

  def template = new JsonSlurper().parse(new File(basedir, 'target/vertexai/template.json'))
  assert template.repository == registry.url()
  assert template.package == 'tiny'
  assert template.version == digest
  assert template.tags == ['1.0', 'latest']
  assert template.template_uri == "${registry.url()}/tiny/${digest}".toString()
  assert template.pipeline_sha256 == digest

  def jobs = new File(basedir, 'target/fake-vertex-jobs').listFiles().findAll { it.name.endsWith('.json') }
  assert jobs.size() == 1 : "exactly one job is created, got ${jobs*.name}"
  def job = new JsonSlurper().parse(jobs[0])
  assert job.templateUri == template.template_uri : 'the run starts from the uploaded template'
  assert job.pipelineSpec.pipelineInfo.name == 'tiny' : 'and still carries its spec'
  assert job.runtimeConfig.gcsOutputDirectory == 'gs://my-project-vertexai/tiny'

  def log = new File(basedir, 'build.log').text
  assert log.indexOf(':upload ') < log.indexOf(':run-once ') : 'upload runs before run-once'
  assert log.contains("[INFO] Uploading pipeline tiny (pipeline.json, ${spec.length()} bytes) to ${registry.url()} with tags 1.0, latest as no credentials (local registry)")
  assert log.contains("[INFO] Uploaded tiny/${digest} in ")
  assert log.contains("[INFO] The run starts from the pipeline template uploaded in this build, ${template.template_uri}")
  assert log.contains('Submitted pipeline job')
} finally {
  context.fakeVertex.close()
  context.fakeRegistry.close()
}
