try {
  def log = new File(basedir, 'build.log').text
  assert log.contains('BUILD SUCCESS')
  assert !log.contains('Reading the Kedro pipelines') : 'no Python started'
  assert !new File(basedir, 'target/vertexai/pipeline.json').exists() : 'nothing compiled'
  assert log.contains('Last run:  none yet')
  // The schedule name is the pipeline name the compiler would give "Tiny Project".
  assert log.contains("No schedule named 'tiny-project' in projects/my-project/locations/europe-west4: nothing to delete")
} finally {
  context.fakeVertex.close()
}
