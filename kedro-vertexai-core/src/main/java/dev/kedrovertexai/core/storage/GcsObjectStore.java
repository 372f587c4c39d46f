package dev.kedrovertexai.core.storage;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@link ObjectStore} over Cloud Storage ({@code gs://bucket/name}), through Google's Java client. */
public final class GcsObjectStore implements ObjectStore {
  private final Storage storage;
  private final boolean owned;

  /** @param owned whether closing this store closes the client */
  public GcsObjectStore(Storage storage, boolean owned) {
    this.storage = storage;
    this.owned = owned;
  }

  @Override
  public void write(String url, byte[] content) throws IOException {
    try {
      storage.create(BlobInfo.newBuilder(blobId(url)).setContentType(contentType(url)).build(), content);
    } catch (StorageException e) {
      throw new IOException("cannot write " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] read(String url) throws IOException {
    try {
      Blob blob = storage.get(blobId(url));
      return blob == null ? null : blob.getContent();
    } catch (StorageException e) {
      throw new IOException("cannot read " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    BlobId start = blobId(prefix);
    List<String> urls = new ArrayList<>();
    try {
      Page<Blob> page = storage.list(start.getBucket(), Storage.BlobListOption.prefix(start.getName()));
      for (Blob blob : page.iterateAll()) {
        urls.add("gs://" + blob.getBucket() + "/" + blob.getName());
      }
    } catch (StorageException e) {
      throw new IOException("cannot list " + prefix + ": " + e.getMessage(), e);
    }
    urls.sort(null);
    return urls;
  }

  @Override
  public void delete(String url) throws IOException {
    try {
      storage.delete(blobId(url));
    } catch (StorageException e) {
      throw new IOException("cannot delete " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    if (owned) {
      try {
        storage.close();
      } catch (Exception e) {
        throw new IOException("cannot close the Cloud Storage client: " + e.getMessage(), e);
      }
    }
  }

  static BlobId blobId(String url) {
    if (!url.startsWith("gs://")) {
      throw new IllegalArgumentException("not a gs:// URL: " + url);
    }
    String path = url.substring("gs://".length());
    int slash = path.indexOf('/');
    return slash < 0 ? BlobId.of(path, "") : BlobId.of(path.substring(0, slash), path.substring(slash + 1));
  }

  private static String contentType(String url) {
    return url.endsWith(".json") ? "application/json" : "application/octet-stream";
  }
}
