package dev.kedrovertexai.core.spec;

/**
 * A compiled pipeline: {@code pipelineName} is {@code pipelineInfo.name}; {@code specJson} the PipelineSpec
 * ({@code pipeline.json}); {@code jobJson} the Vertex AI PipelineJob request body ({@code pipeline-job.json}).
 */
public record CompiledPipeline(String pipelineName, String specJson, String jobJson) {}
