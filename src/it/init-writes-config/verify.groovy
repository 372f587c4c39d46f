def config = new File(basedir, 'conf/base/vertexai.yml')
assert config.isFile()
def text = config.text
assert text.contains('project_id: my-project') : 'the refused second init must not touch the file'
assert text.contains('region: europe-west4')
// The written template compiles as is against a real pipeline.
assert new File(basedir, 'target/vertexai/pipeline.json').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('vertexai.force')
