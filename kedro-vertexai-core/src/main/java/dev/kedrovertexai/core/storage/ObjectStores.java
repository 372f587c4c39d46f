package dev.kedrovertexai.core.storage;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.util.Map;

/** The store of a root URL, for the goals that reach storage without Vertex AI (run-local, clean-up). */
public final class ObjectStores {
  public static final String STORAGE_EMULATOR_HOST = "STORAGE_EMULATOR_HOST";

  private ObjectStores() {}

  /**
   * {@code file://} roots are local folders; {@code gs://} roots are Cloud Storage, at the emulator {@code
   * STORAGE_EMULATOR_HOST} names when set (without credentials), else with the Application Default Credentials.
   */
  public static ObjectStore forRoot(String root, Map<String, String> environment) throws KedroVertexAiException {
    if (root.startsWith("file:")) {
      return new LocalObjectStore();
    }
    if (!root.startsWith("gs://")) {
      throw new KedroVertexAiException("Cannot keep run data under " + root + ": expected a gs:// or file:// URL");
    }
    String emulator = environment.get(STORAGE_EMULATOR_HOST);
    StorageOptions.Builder options = StorageOptions.newBuilder();
    if (emulator != null && !emulator.isBlank()) {
      options.setHost(emulator).setProjectId("emulator").setCredentials(NoCredentials.getInstance());
    } else {
      try {
        options.setCredentials(GoogleCredentials.getApplicationDefault());
      } catch (IOException e) {
        throw new KedroVertexAiException(
            "Cannot reach " + root + ": no Application Default Credentials (" + e.getMessage()
                + "). Run gcloud auth application-default login, or set GOOGLE_APPLICATION_CREDENTIALS.");
      }
    }
    return new GcsObjectStore(options.build().getService(), true);
  }

  /** The URL a local folder has as a root, as the task runtime takes it. */
  public static String fileUrl(java.nio.file.Path folder) {
    return LocalObjectStore.url(folder);
  }
}
