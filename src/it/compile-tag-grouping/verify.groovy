import groovy.json.JsonSlurper

def out = new File(basedir, 'target/vertexai')
def spec = new JsonSlurper().parse(new File(out, 'pipeline.json'))
def tasks = spec.root.dag.tasks
assert tasks.size() == 3 : "load_raw and summarise form group 'prep': ${tasks.keySet()}"
def slurper = new JsonSlurper()
def prep = tasks.values().find { slurper.parseText(it.inputs.parameters.kedro_nodes.runtimeValue.constant) == ['load_raw', 'summarise'] }
assert prep != null
// 'cleaned' is read inside the group and by 'score' outside it: it must be kept in storage (kedro-vertexai loses it).
assert slurper.parseText(prep.inputs.parameters.kedro_stored.runtimeValue.constant).containsAll(['cleaned', 'summary'])
// 'scores' is in the catalog, so it never goes to temporary storage.
for (task in tasks.values()) {
  assert !slurper.parseText(task.inputs.parameters.kedro_stored.runtimeValue.constant).contains('scores')
}
