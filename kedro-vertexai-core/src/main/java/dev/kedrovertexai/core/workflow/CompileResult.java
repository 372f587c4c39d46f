package dev.kedrovertexai.core.workflow;

import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.spec.CompiledPipeline;

/** What a compile produced, in memory and on disk. */
public record CompileResult(
    VertexAiConfig config,
    PipelineDescription description,
    ExecutionPlan plan,
    CompiledPipeline compiled,
    OutputFiles files) {}
