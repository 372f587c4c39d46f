package dev.kedrovertexai.core.vertex;

import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import java.util.List;

/**
 * The PipelineService calls this plugin makes. Failures surface as gax {@code ApiException}s, which {@link
 * Retrier} retries or translates.
 */
public interface PipelineJobs {
  PipelineJob create(CreatePipelineJobRequest request);

  PipelineJob get(String name);

  void cancel(String name);

  /** At most {@code limit} jobs of {@code parent} matching {@code filter}, in {@code orderBy} order. */
  List<PipelineJob> list(String parent, String filter, String orderBy, int limit);
}
