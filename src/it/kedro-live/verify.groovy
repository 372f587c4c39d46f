import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.count('Reading the Kedro pipelines with ') == 1 : 'compiled through live introspection, once'
assert log.contains('Reusing the pipeline description') : 'run-local compiles again, and nothing changed'
def spec = new JsonSlurper().parse(new File(basedir, 'target/vertexai/pipeline.json'))
assert spec.root.dag.tasks.keySet() == ['make-numbers', 'square', 'summarize'] as Set : spec.root.dag.tasks.keySet()
def description = new JsonSlurper().parse(new File(basedir, 'target/vertexai/pipeline-description.json'))
assert description.kedro_version == '1.7.0'

def runs = new File(basedir, 'target/vertexai/runs').listFiles().findAll { it.isDirectory() }
assert runs.size() == 1 : runs
def job = runs[0].name
assert log.contains("Local run ${job} succeeded") : 'run-local succeeded'
def stored = new File(runs[0], "root/kedro-vertexai-temp/${job}").list() as Set
assert stored == ['numbers.bin', 'squares.bin', 'manifest.json'] as Set : stored
// Each task ran in its own copy of the project, forked from one warm Python; what they wrote is in the run's folder.
assert log.contains('Tasks start as children of one Python that imported Kedro and the project') : 'fork server'
assert log.contains('Each task runs in its own copy of the project') : 'isolated tasks'
assert new File(runs[0], 'tasks/summarize/pyproject.toml').isFile()
assert !new File(basedir, 'data/summary.json').exists() : 'nothing written into the project'
def summary = new JsonSlurper().parse(new File(runs[0], 'outputs/data/summary.json'))
assert summary.count == 4 && summary.sum_of_squares == 30 : summary
assert !log.contains('\tat dev.kedrovertexai') : 'no stack trace'
// Its one output is written to a local path that no later task reads: on Vertex AI it would be lost.
assert log.contains("[WARNING] 1 dataset of the catalog of Kedro env 'local' is written to a local path that no later task reads") : 'the lost output is named'
assert log.contains("  - summary (catalog entry 'summary', data/summary.json): written by task summarize")
