package dev.kedrovertexai.core.local;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What Vertex AI fills into the system placeholders of a run ({@code {{$.pipeline_job_name}}} and the like),
 * chosen for this local run.
 *
 * @param taskUuids a fresh value for each task's {@code {{$.pipeline_task_uuid}}}
 * @param parametersDir where each task writes its output parameters: {@code <parametersDir>/<task>/<name>}
 */
record SystemValues(
    String jobName,
    String jobUuid,
    String rootUri,
    Instant createTime,
    Supplier<String> taskUuids,
    Path parametersDir) {}
