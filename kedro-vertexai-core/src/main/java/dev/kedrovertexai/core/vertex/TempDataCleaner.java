package dev.kedrovertexai.core.vertex;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.aiplatform.v1.PipelineJob;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.storage.ObjectStore;
import dev.kedrovertexai.core.storage.RunManifest;
import dev.kedrovertexai.core.storage.TempData;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes the temporary data of this pipeline's finished runs older than a given age, guided by the runs'
 * manifests: a run folder without a manifest, of another project or pipeline, too young, or whose Vertex AI job
 * has not ended is left alone. A dry run only lists what would go.
 */
final class TempDataCleaner {
  /** A run whose temporary data goes (or would go). */
  record Expired(String job, Instant created, String state, List<String> urls) {}

  private final ObjectStore store;
  private final PipelineJobs pipelines;
  private final Retrier retrier;
  private final EventLog log;
  private final Clock clock;
  private final String parent;

  TempDataCleaner(
      ObjectStore store, PipelineJobs pipelines, Retrier retrier, EventLog log, Clock clock, String parent) {
    this.store = store;
    this.pipelines = pipelines;
    this.retrier = retrier;
    this.log = log;
    this.clock = clock;
    this.parent = parent;
  }

  List<Expired> clean(String root, String project, String pipeline, Duration olderThan, boolean delete)
      throws KedroVertexAiException {
    Instant cutoff = clock.instant().minus(olderThan);
    List<Expired> expired = new ArrayList<>();
    int kept = 0;
    for (String manifestUrl : manifests(root)) {
      RunManifest.Written run;
      try {
        byte[] content = store.read(manifestUrl);
        if (content == null) {
          continue; // deleted meanwhile
        }
        run = RunManifest.read(content, manifestUrl);
      } catch (IOException e) {
        log.warn("Leaving " + manifestUrl.substring(0, manifestUrl.lastIndexOf('/') + 1) + " alone: " + e.getMessage());
        kept++;
        continue;
      }
      if (!run.project().equals(project) || !run.pipeline().equals(pipeline)) {
        continue;
      }
      String state = run.runner().equals(RunManifest.RUNNER_VERTEX_AI) ? jobState(run.job()) : "local run";
      if (run.created().isAfter(cutoff) || state == null) {
        kept++;
        continue;
      }
      expired.add(new Expired(run.job(), run.created(), state, list(TempData.runUrl(root, run.job()))));
    }
    for (Expired run : expired) {
      log.info(
          (delete ? "Deleting " : "Would delete ")
              + TempData.runUrl(root, run.job())
              + " ("
              + run.urls().size()
              + (run.urls().size() == 1 ? " object" : " objects")
              + "; "
              + run.state()
              + ", created "
              + run.created()
              + ")");
      if (delete) {
        delete(run);
      }
    }
    log.info(
        (delete ? "Deleted" : "Would delete")
            + " the temporary data of "
            + expired.size()
            + (expired.size() == 1 ? " run" : " runs")
            + " older than "
            + Durations.format(olderThan)
            + "; kept "
            + kept
            + (delete || expired.isEmpty() ? "." : ". Add -Dvertexai.delete=true to delete."));
    return expired;
  }

  private List<String> manifests(String root) throws KedroVertexAiException {
    return list(TempData.runsUrl(root)).stream().filter(url -> url.endsWith("/" + TempData.MANIFEST)).toList();
  }

  private List<String> list(String prefix) throws KedroVertexAiException {
    try {
      return store.list(prefix);
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot list " + prefix + ": " + e.getMessage(), e);
    }
  }

  /** The job's final state, or null while it has not ended; a job Vertex AI no longer has counts as ended. */
  private String jobState(String job) throws KedroVertexAiException {
    String name = parent + "/pipelineJobs/" + job;
    try {
      PipelineJob found =
          retrier.call(ApiAction.vertex("read pipeline job " + job, "aiplatform.pipelineJobs.get"), () -> {
            try {
              return pipelines.get(name);
            } catch (ApiException e) {
              if (e.getStatusCode().getCode() == StatusCode.Code.NOT_FOUND) {
                return null;
              }
              throw e;
            }
          });
      if (found == null) {
        return "job gone";
      }
      return JobWatcher.DONE.contains(found.getState()) ? found.getState().name().replace("PIPELINE_STATE_", "") : null;
    } catch (KedroVertexAiException e) {
      throw new KedroVertexAiException("Cannot tell whether run " + job + " has ended: " + e.getMessage(), e);
    }
  }

  /** The data first, the manifest last: an interrupted clean-up leaves a manifest that finds the rest. */
  private void delete(Expired run) throws KedroVertexAiException {
    List<String> ordered = new ArrayList<>(run.urls());
    ordered.sort((a, b) -> Boolean.compare(a.endsWith(TempData.MANIFEST), b.endsWith(TempData.MANIFEST)));
    for (String url : ordered) {
      try {
        store.delete(url);
      } catch (IOException e) {
        throw new KedroVertexAiException("Cannot delete " + url + ": " + e.getMessage(), e);
      }
    }
  }
}
