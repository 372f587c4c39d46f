// Runs only where the build set up crane; in CI its absence fails instead.
dev.kedrovertexai.core.TestTools.toolForIntegrationTest(
    testEnvironment, dev.kedrovertexai.core.TestTools.Tool.CRANE, basedir.name) != null
