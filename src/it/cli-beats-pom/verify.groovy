import groovy.json.JsonSlurper

def job = new JsonSlurper().parse(new File(basedir, 'target/vertexai/pipeline-job.json'))
assert job.serviceAccount == 'cli@my-project.iam.gserviceaccount.com'
