package dev.kedrovertexai.core.template;

import dev.kedrovertexai.core.config.TemplateRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One upload of the compiled pipeline.
 *
 * @param pipelineSpec the compiled {@code pipeline.json}
 * @param repository where it goes
 * @param repositoryOrigin where the repository was configured, for messages ({@code conf/base/vertexai.yml:5:3})
 * @param tags the tags it gets ({@link TemplateTags})
 * @param recordFile where the result is recorded, {@code target/vertexai/template.json}
 */
public record UploadRequest(
    Path pipelineSpec, TemplateRepository repository, String repositoryOrigin, List<String> tags, Path recordFile) {
  public UploadRequest {
    Objects.requireNonNull(pipelineSpec, "pipelineSpec");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(recordFile, "recordFile");
    tags = List.copyOf(tags);
  }
}
