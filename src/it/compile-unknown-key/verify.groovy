def log = new File(basedir, 'build.log').text
assert log =~ /conf\/base\/vertexai\.yml:4:3: run_config\.imgae: unknown key; did you mean 'image'\?/
assert !log.contains('\tat dev.kedrovertexai')
