package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.vertex.Durations;
import dev.kedrovertexai.core.vertex.RunOptions;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles the pipeline and submits it to Vertex AI as one run, under a client-chosen job id, after checking
 * that the bucket of {@code run_config.root} exists. Prints the console link of the run and records it in the
 * Vertex AI experiment {@code run_config.experiment_name} once it starts; with {@code vertexai.wait} follows it
 * to its end and fails the build when it fails.
 *
 * @since 0.1.0
 */
@Mojo(name = "run-once", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class RunOnceMojo extends AbstractVertexAiCloudMojo {

  /** Follow the run to its end, reporting state changes, and fail the build when it fails or is cancelled. */
  @Parameter(property = "vertexai.wait", defaultValue = "false")
  boolean waitForEnd;

  /**
   * Cancel the run on Vertex AI and fail the build when it runs longer than this ({@code 90s}, {@code 45m},
   * {@code 2h}, {@code 1h30m}). Implies {@code vertexai.wait}.
   */
  @Parameter(property = "vertexai.timeout")
  String timeout;

  /**
   * How often the build asks Vertex AI for the run's state ({@code 10s}, {@code 1m}): while waiting, and otherwise
   * until the run starts, to record it in the experiment.
   */
  @Parameter(property = "vertexai.pollInterval", defaultValue = "10s")
  String pollInterval;

  /** Do not check that the bucket of {@code run_config.root} exists before submitting. */
  @Parameter(property = "vertexai.skipBucketCheck", defaultValue = "false")
  boolean skipBucketCheck;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    Duration limit = timeout == null || timeout.isBlank() ? null : Durations.parse(timeout, "vertexai.timeout");
    Duration poll = Durations.parse(pollInterval, "vertexai.pollInterval");
    CompileResult result = compileWorkflow(log).compile(settings);
    Map<String, Object> values = parameterValues(result.config(), givenParameters());
    try (VertexAccess access = connect(result.config(), settings, log)) {
      new VertexAiService(access, result.config(), log, poll)
          .runOnce(submission(result, settings, values), new RunOptions(!skipBucketCheck, waitForEnd, limit));
    }
  }

  @Override
  String goalName() {
    return "run-once";
  }
}
