package dev.kedrovertexai.core.vertex;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.storage.ObjectStore;
import java.io.IOException;

/**
 * Everything that talks to Google for one goal: Vertex AI pipelines, schedules and the experiments' metadata, the
 * bucket check (null when there is nothing to check against) and who is asking. Close it when done.
 */
public final class VertexAccess implements AutoCloseable {
  private final PipelineJobs pipelines;
  private final Schedules schedules;
  private final MetadataContexts metadata;
  private final Buckets buckets;
  private final String identity;
  private final AutoCloseable resources;

  public VertexAccess(
      PipelineJobs pipelines,
      Schedules schedules,
      MetadataContexts metadata,
      Buckets buckets,
      String identity,
      AutoCloseable resources) {
    this.pipelines = pipelines;
    this.schedules = schedules;
    this.metadata = metadata;
    this.buckets = buckets;
    this.identity = identity;
    this.resources = resources;
  }

  /**
   * Connects as the settings say: the regional Vertex AI endpoint with Application Default Credentials (acting
   * as the impersonated service account when one is given), or a plaintext emulator without credentials; Cloud
   * Storage at {@code STORAGE_EMULATOR_HOST} when that is set. Against a Vertex AI emulator with no Storage
   * emulator the bucket check is skipped, since there is no real bucket to check.
   */
  public static VertexAccess open(ConnectionSettings settings, String projectId, String region, EventLog log)
      throws KedroVertexAiException {
    VertexEndpoint endpoint = VertexEndpoint.resolve(settings.endpoint(), region);
    GoogleIdentity identity =
        endpoint.plaintext()
            ? GoogleIdentity.none()
            : GoogleIdentity.applicationDefault(settings.impersonateServiceAccount(), settings.environment());
    ApiErrors errors = new ApiErrors(identity.description());

    InstantiatingGrpcChannelProvider.Builder channels =
        InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(endpoint.target());
    CredentialsProvider credentials;
    if (endpoint.plaintext()) {
      channels.setChannelConfigurator(builder -> builder.usePlaintext());
      credentials = NoCredentialsProvider.create();
      log.info("Using the Vertex AI emulator at " + endpoint.target() + " (plaintext, no credentials)");
      if (settings.impersonateServiceAccount() != null) {
        log.warn("Ignoring vertexai.impersonateServiceAccount: the emulator takes no credentials");
      }
    } else {
      credentials = FixedCredentialsProvider.create(identity.credentials());
      log.debug("Using Vertex AI at " + endpoint.target() + " as " + identity.description());
    }
    GrpcVertexClients clients;
    try {
      clients = GrpcVertexClients.create(endpoint.target(), channels.build(), credentials);
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot connect to Vertex AI at " + endpoint.target() + ": " + e.getMessage(), e);
    }

    Buckets buckets;
    try {
      buckets = buckets(settings, projectId, endpoint, identity, errors, log);
    } catch (RuntimeException e) {
      // The gRPC clients are open by now: close them on this path too.
      clients.close();
      throw e;
    }
    AutoCloseable everything =
        () -> {
          try {
            clients.close();
          } finally {
            if (buckets instanceof AutoCloseable storage) {
              storage.close();
            }
          }
        };
    return new VertexAccess(clients, clients, clients, buckets, identity.description(), everything);
  }

  /** The bucket check: Cloud Storage, or its emulator; null against a Vertex AI emulator without one. */
  private static Buckets buckets(
      ConnectionSettings settings,
      String projectId,
      VertexEndpoint endpoint,
      GoogleIdentity identity,
      ApiErrors errors,
      EventLog log) {
    String storageEmulator = settings.storageEmulatorHost();
    StorageOptions.Builder storage = StorageOptions.newBuilder().setProjectId(projectId);
    if (storageEmulator != null) {
      log.info(
          "Using the Cloud Storage emulator at "
              + storageEmulator
              + " ("
              + ConnectionSettings.STORAGE_EMULATOR_HOST
              + ")");
      storage.setHost(storageEmulator).setCredentials(NoCredentials.getInstance());
    } else {
      storage.setCredentials(identity.credentials());
    }
    return storageEmulator == null && endpoint.plaintext()
        ? null
        : new GcsBuckets(storage.build().getService(), errors);
  }

  public PipelineJobs pipelines() {
    return pipelines;
  }

  public Schedules schedules() {
    return schedules;
  }

  public MetadataContexts metadata() {
    return metadata;
  }

  /** Where runs keep temporary data; null when there is no storage to reach (as for {@link #buckets()}). */
  public ObjectStore objectStore() {
    return buckets instanceof GcsBuckets gcs ? gcs.objects() : null;
  }

  /** Null when there is no bucket to check (a Vertex AI emulator without a Storage emulator). */
  public Buckets buckets() {
    return buckets;
  }

  public String identity() {
    return identity;
  }

  @Override
  public void close() throws KedroVertexAiException {
    try {
      resources.close();
    } catch (Exception e) {
      throw new KedroVertexAiException("Cannot close the Vertex AI clients: " + e.getMessage(), e);
    }
  }
}
