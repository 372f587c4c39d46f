package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Compiles the Kedro pipeline into a Vertex AI pipeline, offline: {@code target/vertexai/pipeline.json} (the
 * Kubeflow Pipelines v2 PipelineSpec), {@code pipeline-job.json} (the Vertex AI PipelineJob request),
 * {@code plan.md} and {@code plan.json} (tasks, their nodes, datasets kept in storage). The spec is attached
 * to the project (type {@code json}, classifier {@code pipeline}) so that {@code install} and {@code deploy}
 * publish it.
 *
 * @since 0.1.0
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class CompileMojo extends AbstractVertexAiMojo {

  /** Attach {@code pipeline.json} to the project as an artifact with classifier {@code pipeline}. */
  @Parameter(property = "vertexai.attach", defaultValue = "true")
  boolean attach;

  @Component MavenProjectHelper projectHelper;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    CompileResult result = compileWorkflow(log).compile(settings);
    if (attach && project != null && projectHelper != null) {
      projectHelper.attachArtifact(project, "json", "pipeline", result.files().pipelineSpec().toFile());
    }
  }

  @Override
  String goalName() {
    return "compile";
  }
}
