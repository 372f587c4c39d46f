import groovy.json.JsonSlurper
import java.security.MessageDigest

try {
  def image = new JsonSlurper().parse(new File(basedir, 'target/vertexai/image.json'))
  assert image.digest == context.registry.digest('kedro/tiny', '1')

  def specFile = new File(basedir, 'target/vertexai/pipeline.json')
  def spec = new JsonSlurper().parse(specFile)
  assert spec.deploymentSpec.executors.values()*.container*.image.unique() == [image.reference]

  def templates = context.templates
  def version = 'sha256:' + MessageDigest.getInstance('SHA-256').digest(specFile.bytes).encodeHex().toString()
  assert templates.uploads().size() == 1
  assert new String(templates.uploads()[0].parts()[0].body(), 'UTF-8') == '1.0,latest'
  assert templates.uploads()[0].parts()[1].body() == specFile.bytes : 'the pipeline naming the built image'
  assert templates.tagsOf('tiny') == ['1.0': version, 'latest': version]
  def template = new JsonSlurper().parse(new File(basedir, 'target/vertexai/template.json'))
  assert template.template_uri == "${templates.url()}/tiny/${version}".toString()

  def jobs = new File(basedir, 'target/fake-vertex-jobs').listFiles().findAll { it.name.endsWith('.json') }
  assert jobs.size() == 1
  def job = new JsonSlurper().parse(jobs[0])
  assert job.templateUri == template.template_uri
  assert job.pipelineSpec.deploymentSpec.executors.values()*.container*.image.unique() == [image.reference]

  def log = new File(basedir, 'build.log').text
  def order = [':image (default)', ':compile (default)', ':upload (default)', ':run-once (default)'].collect { log.indexOf(it) }
  assert order == order.sort(false) && !order.contains(-1) : "image, compile, upload, run-once in that order: ${order}"
  assert log.contains("[INFO] The run starts from the pipeline template uploaded in this build, ${template.template_uri}")
  assert log.contains('SUCCEEDED')
} finally {
  context.registry.close()
  context.templates.close()
  context.vertex.close()
}
