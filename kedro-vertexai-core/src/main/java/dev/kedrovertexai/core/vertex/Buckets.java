package dev.kedrovertexai.core.vertex;

import dev.kedrovertexai.core.KedroVertexAiException;

/** The one Cloud Storage question asked before submitting: is the pipeline root's bucket there? */
public interface Buckets {
  /** True when the bucket exists and the caller may read its metadata. */
  boolean exists(String bucket) throws KedroVertexAiException;
}
