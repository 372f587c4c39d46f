package dev.kedrovertexai.core.vertex;

/** Console links for {@code vertexai:ui}: the pipelines page, and the last run of this pipeline (null if none). */
public record UiLinks(String pipelinesPage, String lastRun) {}
