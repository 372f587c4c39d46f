package dev.kedrovertexai.core.vertex;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.storage.GcsObjectStore;
import dev.kedrovertexai.core.storage.ObjectStore;

/** {@link Buckets} over google-cloud-storage; closing it closes the storage client. */
final class GcsBuckets implements Buckets, AutoCloseable {
  static final String PERMISSION = "storage.buckets.get";

  private final Storage storage;
  private final ApiErrors errors;

  GcsBuckets(Storage storage, ApiErrors errors) {
    this.storage = storage;
    this.errors = errors;
  }

  @Override
  public boolean exists(String bucket) throws KedroVertexAiException {
    try {
      return storage.get(bucket) != null;
    } catch (StorageException e) {
      ApiAction action =
          new ApiAction(
              "read the metadata of bucket gs://" + bucket + " (run_config.root)",
              PERMISSION,
              "roles/storage.legacyBucketReader on the bucket, or roles/storage.admin");
      StatusCode.Code code =
          switch (e.getCode()) {
            case 401 -> StatusCode.Code.UNAUTHENTICATED;
            case 403 -> StatusCode.Code.PERMISSION_DENIED;
            case 404 -> StatusCode.Code.NOT_FOUND;
            default -> StatusCode.Code.UNKNOWN;
          };
      if (code == StatusCode.Code.NOT_FOUND) {
        return false;
      }
      throw errors.translate(code, e.getMessage(), action, e);
    }
  }

  /** The run data store over the same client (closed with this). */
  ObjectStore objects() {
    return new GcsObjectStore(storage, false);
  }

  @Override
  public void close() throws Exception {
    storage.close();
  }
}
