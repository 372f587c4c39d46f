try {
  def jobs = new File(basedir, 'target/fake-vertex-jobs').listFiles().findAll { it.name.endsWith('.json') }
  assert jobs.size() == 1 : "exactly one job is created, got ${jobs*.name}"
  def log = new File(basedir, 'build.log').text
  assert log.contains('Failed tasks:')
  assert log.contains('fake failure in task')
  assert !log.contains('\tat dev.kedrovertexai') : 'a failed run is not a stack trace'
} finally {
  context.fakeVertex.close()
}
