import groovy.json.JsonSlurper

def out = new File(basedir, 'target/vertexai')
def spec = new JsonSlurper().parse(new File(out, 'pipeline.json'))
assert spec.schemaVersion == '2.1.0'
def tasks = spec.root.dag.tasks
assert tasks.size() == 4 : "one task per Kedro node, got ${tasks.keySet()}"

// Every task names an existing component, and every component an existing executor.
tasks.each { name, task ->
  assert spec.components.containsKey(task.componentRef.name)
  assert spec.deploymentSpec.executors.containsKey(spec.components[task.componentRef.name].executorLabel)
}
def nodesOf = { t -> new JsonSlurper().parseText(t.inputs.parameters.kedro_nodes.runtimeValue.constant) }
def taskFor = { node -> tasks.find { n, t -> nodesOf(t) == [node] }.value }
def executorFor = { node -> spec.deploymentSpec.executors[spec.components[taskFor(node).componentRef.name].executorLabel] }

// Resources: tag key over __default__, node-name key (namespaced, as the user wrote it) over __default__.
assert executorFor('score').container.resources.resourceCpuLimit == '2'
assert executorFor('score').container.resources.resourceMemoryLimit == '4Gi'
assert executorFor('reporting.build_report').container.resources.resourceMemoryLimit == '2Gi'
assert executorFor('reporting.build_report').container.resources.resourceCpuLimit == '500m'
assert executorFor('load_raw').container.resources.resourceMemoryLimit == '1Gi'
// load_raw and summarise have the same setup, so they share one executor.
assert executorFor('load_raw').is(executorFor('summarise')) || executorFor('load_raw') == executorFor('summarise')

// The report task waits for both producers.
assert taskFor('reporting.build_report').dependentTasks.size() == 2

def job = new JsonSlurper().parse(new File(out, 'pipeline-job.json'))
assert job.runtimeConfig.gcsOutputDirectory == 'gs://my-project-vertexai/tiny'
assert new File(out, 'plan.md').text.contains('cleaned')
def log = new File(basedir, 'build.log').text
assert log.contains('4 nodes -> 4 tasks')
assert !log.contains('WARNING') || !log.contains('[WARNING] Unknown')
