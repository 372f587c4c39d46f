def log = new File(basedir, 'build.log').text
assert log.contains("catalog of Kedro env 'local': dataset 'scores' (catalog entry '{name}s') is written to the local path data/03_primary/scores.parquet by task score and read by task reporting-build-report")
assert log.contains('run_config.local_datasets: error (conf/base/vertexai.yml:7:3)')
assert log.contains('give it a gs:// path in this catalog')
assert !new File(basedir, 'target/vertexai/pipeline.json').exists() : 'nothing compiled'
assert !log.contains('\tat dev.kedrovertexai') : 'no stack trace'
