import groovy.json.JsonSlurper

def out = new File(basedir, 'target/vertexai')
def spec = new JsonSlurper().parse(new File(out, 'pipeline.json'))
def job = new JsonSlurper().parse(new File(out, 'pipeline-job.json'))
def container = spec.deploymentSpec.executors.values().first().container
assert container.image == 'europe-docker.pkg.dev/my-project/images/tiny:dev' : 'conf/dev overrides conf/base'
assert job.runtimeConfig.gcsOutputDirectory == 'gs://my-project-vertexai-dev/tiny'
assert job.serviceAccount == 'pipelines@my-project.iam.gserviceaccount.com' : 'POM <serviceAccount> beats conf/'
assert container.resources.resourceCpuLimit == '1500m' : 'POM <overrides> beats conf/'
assert container.resources.resourceMemoryLimit == '3Gi' : '-Dvertexai.yml.* beats conf/'
assert job.network == 'projects/123456789/global/networks/from-command-line' : '-D beats conf/'
def args = container.args
assert args[args.indexOf('--env') + 1] == 'dev' : 'tasks run with the Kedro env the profile selected'
