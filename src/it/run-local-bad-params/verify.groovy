def log = new File(basedir, 'build.log').text
assert log.contains("epochs") && log.contains("many") : 'the wrong value is named with its parameter'
assert log =~ /epoch\b.*did you mean 'epochs'/ : 'an undeclared name gets a suggestion'
assert !log.contains('\tat dev.kedrovertexai') : 'a user mistake is not a stack trace'
assert !new File(basedir, 'target/vertexai/runs').exists() : 'no task ran'
