package dev.kedrovertexai.core.plan;

import static dev.kedrovertexai.core.plan.Fixtures.catalog;
import static dev.kedrovertexai.core.plan.Fixtures.config;
import static dev.kedrovertexai.core.plan.Fixtures.description;
import static dev.kedrovertexai.core.plan.Fixtures.localFile;
import static dev.kedrovertexai.core.plan.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.description.DatasetFacts;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanReportTest {
  private static final PipelineDescription FOUR_NODES =
      description(
          catalog("raw"),
          node("load_raw", List.of("raw"), List.of("cleaned")),
          node("summarise", List.of("cleaned"), List.of("summary")),
          node("score", List.of("cleaned"), List.of("scores")),
          node("reporting.build_report", List.of("summary", "scores"), List.of("report")));

  @Test
  void summaryLineCountsNodesTasksStoredDatasetsAndModelledTimes() throws Exception {
    ExecutionPlan plan = new Planner(EventLog.SILENT).plan(FOUR_NODES, "__default__", config().build());
    // Critical path: load_raw (105 s: saves cleaned) -> summarise (110 s: loads it, saves summary) -> build_report (110 s).
    assertEquals(
        "4 nodes -> 4 tasks, 3 datasets in storage, modelled 5m 25s -> 5m 25s",
        PlanReport.summaryLine(plan));
    ExecutionPlan auto = new Planner(EventLog.SILENT).plan(FOUR_NODES, "__default__", config().auto().build());
    assertEquals(
        "4 nodes -> 1 task, 0 datasets in storage, modelled 5m 25s -> 2m 10s",
        PlanReport.summaryLine(auto));
  }

  @Test
  void markdownListsTasksStoredDatasetsTimesAndATaskGraph() throws Exception {
    ExecutionPlan plan =
        new Planner(EventLog.SILENT)
            .plan(FOUR_NODES, "__default__", config().resource("score", "2", "4Gi", null).build());
    String md = PlanReport.markdown(plan, FOUR_NODES);
    assertTrue(md.contains("| `score` | `score` | cpu 2, memory 4Gi | `load-raw` | 1m 50s |"), md);
    assertTrue(md.contains("| `cleaned` | `load-raw` | `score`, `summarise` |"), md);
    assertTrue(md.contains("5m 25s with one task per node, 5m 25s with this plan"), md);
    assertTrue(md.contains("```mermaid\nflowchart TD\n  t0[\"load-raw\"]\n"), md);
    assertTrue(md.contains("  t1 --> t3\n") && md.contains("  t2 --> t3\n"), md);
    assertTrue(md.contains("## Datasets on local paths\n\nNone: the catalog writes no output"), md);
  }

  @Test
  void markdownNamesEachDatasetOnALocalPathWithItsEntryAndFate() throws Exception {
    Map<String, DatasetFacts> catalog = catalog("raw");
    catalog.put("cleaned", localFile("{name}", "data/cleaned.parquet"));
    catalog.put("report", localFile("report", "data/report.json"));
    PipelineDescription description =
        description(
            catalog,
            node("load_raw", List.of("raw"), List.of("cleaned")),
            node("summarise", List.of("cleaned"), List.of("summary")),
            node("score", List.of("cleaned"), List.of("scores")),
            node("reporting.build_report", List.of("summary", "scores"), List.of("report")));
    ExecutionPlan plan = new Planner(EventLog.SILENT).plan(description, "__default__", config().build());
    String md = PlanReport.markdown(plan, description);
    assertTrue(
        md.contains(
            "| `cleaned` | `{name}` | `data/cleaned.parquet` | `load-raw` | `score`, `summarise` |"
                + " kept in temporary storage for the readers |\n"),
        md);
    assertTrue(
        md.contains("| `report` | `report` | `data/report.json` | `reporting-build-report` |  | lost with its container |"),
        md);
    assertTrue(md.contains("| `cleaned` | `load-raw` | `score`, `summarise` |"), "stored too: " + md);
  }

  @Test
  void kedroNamesWithTableAndDiagramSyntaxAreEscaped() throws Exception {
    PipelineDescription description =
        description(
            catalog("raw"),
            node("split([a|b]) -> [c]", List.of("raw"), List.of("c")),
            node("use_`c`", List.of("c"), List.of("d")));
    ExecutionPlan plan = new Planner(EventLog.SILENT).plan(description, "__default__", config().auto().build());
    String md = PlanReport.markdown(plan, description);
    assertTrue(md.contains("`split([a\\|b]) -> [c]`"), md);
    assertTrue(md.contains("`use_'c'`"), md);
    assertTrue(md.contains("t0[\"split<br/>2 nodes\"]"), md);
  }

  @Test
  void durationsReadLikeTheSummaryExample() {
    assertEquals("45s", PlanReport.duration(45));
    assertEquals("4m", PlanReport.duration(240));
    assertEquals("14m 10s", PlanReport.duration(850));
    assertEquals("2h 05m", PlanReport.duration(7500));
  }
}
