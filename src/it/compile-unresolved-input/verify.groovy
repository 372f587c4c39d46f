def log = new File(basedir, 'build.log').text
assert log.contains("'raw'") || log.contains('raw:') || log =~ /\braw\b.*catalog/
assert log.contains('load_raw')
assert !log.contains('\tat dev.kedrovertexai')
