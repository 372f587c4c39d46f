import groovy.json.JsonSlurper

try {
  def registry = context.registry
  def record = new JsonSlurper().parse(new File(basedir, 'target/vertexai/image.json'))
  def digest = registry.digest('kedro/tiny', '1')
  assert record.digest == digest : 'image.json records the digest the registry has under the tag'
  assert record.reference == "${registry.host}/kedro/tiny@${digest}".toString()
  def spec = new JsonSlurper().parse(new File(basedir, 'target/vertexai/pipeline.json'))
  def images = spec.deploymentSpec.executors.values()*.container*.image.unique()
  assert images == [record.reference] : "the compiled pipeline runs the image built, by digest: ${images}"
  def job = new JsonSlurper().parse(new File(basedir, 'target/vertexai/pipeline-job.json'))
  assert job.pipelineSpec.deploymentSpec.executors.values()*.container*.image.unique() == [record.reference]
  // Jackson trees from the registry's own API.
  def config = registry.config('kedro/tiny', digest).get('config')
  assert config.get('WorkingDir').asText() == '/app'
  def layers = registry.manifest('kedro/tiny', digest).get('layers')
  assert layers.size() == 2 : 'the base layer and the project layer (no requirements: no dependency layer)'

  def log = new File(basedir, 'build.log').text
  assert log.contains("[INFO] Pushed ${record.reference} in ")
  assert log =~ /\[INFO\]   project +sha256:[0-9a-f]{12} .* pushed/
  assert log.contains('No requirements in requirements.txt or pyproject.toml [project] dependencies: no dependency layer')
  assert log.contains("[INFO] The tasks run ${record.reference}, the image built in this build")
  assert log.indexOf(':image (default)') < log.indexOf(':compile (default)') : 'image runs before compile'
} finally {
  context.registry.close()
}
