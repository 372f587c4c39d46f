import groovy.json.JsonSlurper

try {
  def jobs = new File(basedir, 'target/fake-vertex-jobs').listFiles().findAll { it.name.endsWith('.json') }
  assert jobs.size() == 1 : "exactly one job is created, got ${jobs*.name}"
  def job = new JsonSlurper().parse(jobs[0])
  assert jobs[0].name ==~ /tiny-\d{14}-[a-z0-9]{4}\.json/ : 'a client-chosen job id'
  assert job.runtimeConfig.gcsOutputDirectory == 'gs://my-project-vertexai/tiny'
  // -Dvertexai.params, typed by the declarations, and the defaults of the parameters it does not give.
  def values = job.runtimeConfig.parameterValues
  assert values.keySet() == ['epochs', 'features', 'learning_rate', 'model_version', 'options'] as Set : values
  assert values.epochs == 20 && values.learning_rate == 0.001 : values
  assert values.features == ['price', 'engines'] : values
  assert values.model_version == 'v2,beta' : values
  assert values.options == [folds: 5, shuffle: true] : values
  def declared = job.pipelineSpec.root.inputDefinitions.parameters
  assert declared.epochs.parameterType == 'NUMBER_INTEGER' && declared.options.parameterType == 'STRUCT' : declared
  assert job.labels['kedro-project'] == 'tiny'
  assert job.pipelineSpec.root.dag.tasks.size() == 4
  def log = new File(basedir, 'build.log').text
  assert log.contains('Submitted pipeline job')
  assert log.contains('https://console.cloud.google.com/vertex-ai/locations/europe-west4/pipelines/runs/')
  assert log.contains('SUCCEEDED')
  // Recorded in run_config.experiment_name through the fake's MetadataService, as the SDK records a run.
  def store = 'projects/my-project/locations/europe-west4/metadataStores/default'
  def experiment = context.fakeVertex.context("${store}/contexts/tiny".toString())
  assert experiment?.schemaTitle == 'system.Experiment'
  assert experiment.description == 'Runs of the tiny test pipeline'
  def jobId = jobs[0].name - '.json'
  def run = context.fakeVertex.context("${store}/contexts/${jobId}".toString())
  assert run.parentContextsList == [experiment.name] : "the run is in the experiment: ${run}"
  assert log.contains("Recorded pipeline job ${jobId} in Vertex AI experiment tiny")
  assert !log.contains('[WARNING] Not recording')
} finally {
  context.fakeVertex.close()
}
