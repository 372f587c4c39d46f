package dev.kedrovertexai.core.spec;

/** ExecutionPlan -> KFP v2 PipelineSpec IR and Vertex AI PipelineJob JSON. */
public final class PipelineSpecCompiler {
  public CompiledPipeline compile(CompileRequest request) {
    throw new UnsupportedOperationException("TODO(spec)");
  }
}
