def log = new File(basedir, 'build.log').text
assert log.contains('Invalid Vertex AI configuration (3 problems)')
assert log =~ /conf\/base\/vertexai\.yml:5:\d+: run_config\.root/
assert log =~ /conf\/base\/vertexai\.yml:9:\d+: run_config\.resources\.__default__\.cpu/
assert log =~ /conf\/base\/vertexai\.yml:10:\d+: run_config\.resources\.__default__\.memory/
assert !log.contains('\tat dev.kedrovertexai') : 'a user mistake must not print a stack trace'
assert !new File(basedir, 'target/vertexai/pipeline.json').exists() : 'nothing is written on failure'
