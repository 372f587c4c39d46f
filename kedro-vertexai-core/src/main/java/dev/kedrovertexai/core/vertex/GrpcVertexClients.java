package dev.kedrovertexai.core.vertex;

import com.google.api.gax.core.BackgroundResource;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.aiplatform.v1.AddContextChildrenRequest;
import com.google.cloud.aiplatform.v1.Context;
import com.google.cloud.aiplatform.v1.CreateContextRequest;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.ListContextsRequest;
import com.google.cloud.aiplatform.v1.ListPipelineJobsRequest;
import com.google.cloud.aiplatform.v1.ListSchedulesRequest;
import com.google.cloud.aiplatform.v1.MetadataServiceClient;
import com.google.cloud.aiplatform.v1.MetadataServiceSettings;
import com.google.cloud.aiplatform.v1.MetadataStore;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineServiceClient;
import com.google.cloud.aiplatform.v1.PipelineServiceSettings;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.cloud.aiplatform.v1.ScheduleServiceClient;
import com.google.cloud.aiplatform.v1.ScheduleServiceSettings;
import com.google.cloud.aiplatform.v1.UpdateContextRequest;
import com.google.protobuf.FieldMask;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@link PipelineJobs}, {@link Schedules} and {@link MetadataContexts} over Google's generated Vertex AI clients;
 * nothing more.
 */
final class GrpcVertexClients implements PipelineJobs, Schedules, MetadataContexts, AutoCloseable {
  private final PipelineServiceClient pipelines;
  private final ScheduleServiceClient schedules;
  private final MetadataServiceClient metadata;

  private GrpcVertexClients(
      PipelineServiceClient pipelines, ScheduleServiceClient schedules, MetadataServiceClient metadata) {
    this.pipelines = pipelines;
    this.schedules = schedules;
    this.metadata = metadata;
  }

  /** No Vertex AI call this plugin makes should take long; without a deadline a stalled one would hang the build. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Clients on {@code channels}. The clients' own retries are switched off: {@link Retrier} retries every call
   * in one place, with back-off and messages, so that nothing is retried twice over.
   */
  static GrpcVertexClients create(String endpoint, TransportChannelProvider channels, CredentialsProvider credentials)
      throws IOException {
    PipelineServiceSettings.Builder pipelineSettings =
        PipelineServiceSettings.newBuilder()
            .setEndpoint(endpoint)
            .setTransportChannelProvider(channels)
            .setCredentialsProvider(credentials);
    pipelineSettings.applyToAllUnaryMethods(GrpcVertexClients::singleAttemptWithDeadline);
    ScheduleServiceSettings.Builder scheduleSettings =
        ScheduleServiceSettings.newBuilder()
            .setEndpoint(endpoint)
            .setTransportChannelProvider(channels)
            .setCredentialsProvider(credentials);
    scheduleSettings.applyToAllUnaryMethods(GrpcVertexClients::singleAttemptWithDeadline);
    MetadataServiceSettings.Builder metadataSettings =
        MetadataServiceSettings.newBuilder()
            .setEndpoint(endpoint)
            .setTransportChannelProvider(channels)
            .setCredentialsProvider(credentials);
    metadataSettings.applyToAllUnaryMethods(GrpcVertexClients::singleAttemptWithDeadline);
    PipelineServiceClient pipelineClient = PipelineServiceClient.create(pipelineSettings.build());
    ScheduleServiceClient scheduleClient = null;
    try {
      scheduleClient = ScheduleServiceClient.create(scheduleSettings.build());
      return new GrpcVertexClients(
          pipelineClient, scheduleClient, MetadataServiceClient.create(metadataSettings.build()));
    } catch (IOException | RuntimeException e) {
      pipelineClient.close();
      if (scheduleClient != null) {
        scheduleClient.close();
      }
      throw e;
    }
  }

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private static Void singleAttemptWithDeadline(UnaryCallSettings.Builder<?, ?> method) {
    method
        .setRetryableCodes(Set.of())
        .setRetrySettings(
            RetrySettings.newBuilder()
                .setMaxAttempts(1)
                .setInitialRpcTimeoutDuration(CALL_TIMEOUT)
                .setMaxRpcTimeoutDuration(CALL_TIMEOUT)
                .setTotalTimeoutDuration(CALL_TIMEOUT)
                .build());
    return null;
  }

  @Override
  public PipelineJob create(CreatePipelineJobRequest request) {
    return pipelines.createPipelineJob(request);
  }

  @Override
  public PipelineJob get(String name) {
    return pipelines.getPipelineJob(name);
  }

  @Override
  public void cancel(String name) {
    pipelines.cancelPipelineJob(name);
  }

  @Override
  public List<PipelineJob> list(String parent, String filter, String orderBy, int limit) {
    ListPipelineJobsRequest request =
        ListPipelineJobsRequest.newBuilder()
            .setParent(parent)
            .setFilter(filter)
            .setOrderBy(orderBy)
            .setPageSize(Math.min(limit, 100))
            .build();
    List<PipelineJob> jobs = new ArrayList<>();
    for (PipelineJob job : pipelines.listPipelineJobs(request).iterateAll()) {
      if (jobs.size() >= limit) {
        break;
      }
      jobs.add(job);
    }
    return jobs;
  }

  @Override
  public List<Schedule> list(String parent, String filter) {
    ListSchedulesRequest request = ListSchedulesRequest.newBuilder().setParent(parent).setFilter(filter).build();
    List<Schedule> found = new ArrayList<>();
    schedules.listSchedules(request).iterateAll().forEach(found::add);
    return found;
  }

  @Override
  public Schedule create(String parent, Schedule schedule) {
    return schedules.createSchedule(parent, schedule);
  }

  @Override
  public Schedule update(Schedule schedule, FieldMask mask) {
    return schedules.updateSchedule(schedule, mask);
  }

  @Override
  public void delete(String name) {
    finish(schedules.deleteScheduleAsync(name), "deleting schedule " + name);
  }

  @Override
  public void pause(String name) {
    schedules.pauseSchedule(name);
  }

  @Override
  public void resume(String name) {
    schedules.resumeSchedule(name);
  }

  @Override
  public MetadataStore getMetadataStore(String name) {
    return metadata.getMetadataStore(name);
  }

  @Override
  public MetadataStore createMetadataStore(String parent, String storeId) {
    return finish(
        metadata.createMetadataStoreAsync(parent, MetadataStore.getDefaultInstance(), storeId),
        "creating metadata store " + parent + "/metadataStores/" + storeId);
  }

  @Override
  public Context getContext(String name) {
    return metadata.getContext(name);
  }

  @Override
  public Context createContext(CreateContextRequest request) {
    return metadata.createContext(request);
  }

  @Override
  public Context updateContext(Context context, FieldMask mask) {
    return metadata.updateContext(UpdateContextRequest.newBuilder().setContext(context).setUpdateMask(mask).build());
  }

  @Override
  public void addContextChildren(String parent, List<String> children) {
    metadata.addContextChildren(
        AddContextChildrenRequest.newBuilder().setContext(parent).addAllChildContexts(children).build());
  }

  @Override
  public List<Context> listContexts(String metadataStore, String filter) {
    ListContextsRequest request = ListContextsRequest.newBuilder().setParent(metadataStore).setFilter(filter).build();
    List<Context> found = new ArrayList<>();
    metadata.listContexts(request).iterateAll().forEach(found::add);
    return found;
  }

  /** Waits for a long-running operation, rethrowing its API failure as the synchronous calls would. */
  private static <T> T finish(Future<T> operation, String what) {
    try {
      return operation.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiException api) {
        throw api;
      }
      throw new IllegalStateException(what + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    }
  }

  /**
   * Shuts the three clients down and waits for their channels to end (in-flight calls get {@link #CLOSE_WAIT});
   * whatever is still running after that is cut off, so that a goal leaves no gRPC threads behind.
   */
  @Override
  public void close() {
    List<BackgroundResource> clients = List.of(pipelines, schedules, metadata);
    clients.forEach(BackgroundResource::shutdown);
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    try {
      for (BackgroundResource client : clients) {
        client.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.stream().filter(client -> !client.isTerminated()).forEach(BackgroundResource::shutdownNow);
    }
  }

  /** Whether every client has ended, as after {@link #close()}. */
  boolean isTerminated() {
    return pipelines.isTerminated() && schedules.isTerminated() && metadata.isTerminated();
  }
}
