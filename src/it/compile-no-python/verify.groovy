def log = new File(basedir, 'build.log').text
assert log.contains('/nonexistent/bin/python3')
assert log.contains('vertexai.python') || log.contains('KEDRO_PYTHON')
assert !log.contains('\tat dev.kedrovertexai')
