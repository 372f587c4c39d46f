package dev.kedrovertexai.core.plan;

import static dev.kedrovertexai.core.plan.Fixtures.catalog;
import static dev.kedrovertexai.core.plan.Fixtures.config;
import static dev.kedrovertexai.core.plan.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.description.KedroPipeline;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExitPipelinePlannerTest {
  private static final String AT = "conf/base/vertexai.yml:8:3: run_config.on_exit_pipeline: ";

  private static PipelineDescription project() {
    KedroPipeline main =
        new KedroPipeline(
            "__default__",
            List.of(node("train", List.of("raw"), List.of("model")), node("score", List.of("model"), List.of("metrics"))));
    KedroPipeline notify =
        new KedroPipeline(
            "notify_on_exit",
            List.of(
                node("notify.compose", List.of("metrics", "params:pipeline_outcome"), List.of("message")),
                node("notify.send", List.of("message"), List.of())));
    return new PipelineDescription(
        PipelineDescription.FORMAT_VERSION,
        "tiny",
        "tiny",
        "1.7.0",
        "local",
        Map.of("__default__", main, "notify_on_exit", notify, "empty", new KedroPipeline("empty", List.of())),
        catalog("raw", "metrics"),
        List.of());
  }

  @Test
  void theWholeExitPipelineIsOneTask() throws Exception {
    PlannedTask task =
        ExitPipelinePlanner.plan(
            project(), "__default__", config().resource("__default__", "1", "2Gi", null).onExit("notify_on_exit").build(),
            new RecordingLog());
    assertEquals("notify-on-exit", task.name());
    assertEquals("notify_on_exit", task.group());
    assertEquals(List.of("notify.compose", "notify.send"), task.nodes());
    assertEquals(new ContainerResources("1", "2Gi", null, null), task.resources());
    assertNull(ExitPipelinePlanner.plan(project(), "__default__", config().build(), new RecordingLog()));
  }

  @Test
  void anUnknownEmptyOrSamePipelineIsAnErrorAtTheKey() {
    assertEquals(
        List.of(AT + "the Kedro project has no pipeline 'notify_on_exti'; did you mean 'notify_on_exit'?; its"
            + " pipelines are __default__, empty, notify_on_exit"),
        problems("notify_on_exti", project()));
    assertEquals(
        List.of(AT + "'__default__' is the pipeline being compiled; name another pipeline to run after it"),
        problems("__default__", project()));
    assertEquals(
        List.of(AT + "Kedro pipeline 'empty' has no nodes: there is nothing to run on exit"), problems("empty", project()));
  }

  @Test
  void whatTheExitPipelineReadsMustBeInTheCatalog() {
    PipelineDescription project = project();
    PipelineDescription noMetrics =
        new PipelineDescription(
            project.formatVersion(), project.projectName(), project.packageName(), project.kedroVersion(),
            project.env(), project.pipelines(), catalog("raw"), project.parameters());
    assertEquals(
        List.of(AT + "dataset 'metrics' is read by notify.compose of pipeline 'notify_on_exit', which runs on exit"
            + " as a task of its own, but none of its nodes produces it and the catalog does not resolve it; declare"
            + " it in conf/base/catalog.yml"),
        problems("notify_on_exit", noMetrics));
  }

  private static List<String> problems(String exitPipeline, PipelineDescription project) {
    ProblemsException error =
        assertThrows(
            ProblemsException.class,
            () ->
                ExitPipelinePlanner.plan(
                    project, "__default__", config().onExit(exitPipeline).build(), new RecordingLog()));
    return error.problems().stream().map(Object::toString).toList();
  }
}
