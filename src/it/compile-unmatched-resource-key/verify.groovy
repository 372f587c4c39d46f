def log = new File(basedir, 'build.log').text
assert log =~ /conf\/base\/vertexai\.yml:8:\d+: run_config\.resources\.scroe: .*matches no node/
assert log.contains("score")
assert !log.contains('\tat dev.kedrovertexai')
