package dev.kedrovertexai.core.vertex;

import com.google.cloud.aiplatform.v1.AddContextChildrenRequest;
import com.google.cloud.aiplatform.v1.AddContextChildrenResponse;
import com.google.cloud.aiplatform.v1.CancelPipelineJobRequest;
import com.google.cloud.aiplatform.v1.Context;
import com.google.cloud.aiplatform.v1.CreateContextRequest;
import com.google.cloud.aiplatform.v1.CreateMetadataStoreRequest;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.CreateScheduleRequest;
import com.google.cloud.aiplatform.v1.DeleteScheduleRequest;
import com.google.cloud.aiplatform.v1.GetContextRequest;
import com.google.cloud.aiplatform.v1.GetMetadataStoreRequest;
import com.google.cloud.aiplatform.v1.GetPipelineJobRequest;
import com.google.cloud.aiplatform.v1.GetScheduleRequest;
import com.google.cloud.aiplatform.v1.ListContextsRequest;
import com.google.cloud.aiplatform.v1.ListContextsResponse;
import com.google.cloud.aiplatform.v1.ListPipelineJobsRequest;
import com.google.cloud.aiplatform.v1.ListPipelineJobsResponse;
import com.google.cloud.aiplatform.v1.ListSchedulesRequest;
import com.google.cloud.aiplatform.v1.ListSchedulesResponse;
import com.google.cloud.aiplatform.v1.MetadataServiceGrpc;
import com.google.cloud.aiplatform.v1.MetadataStore;
import com.google.cloud.aiplatform.v1.PauseScheduleRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineServiceGrpc;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.PipelineTaskDetail;
import com.google.cloud.aiplatform.v1.ResumeScheduleRequest;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.cloud.aiplatform.v1.ScheduleServiceGrpc;
import com.google.cloud.aiplatform.v1.UpdateContextRequest;
import com.google.cloud.aiplatform.v1.UpdateScheduleRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vertex AI PipelineService, ScheduleService and MetadataService built on the real generated gRPC
 * stubs, in memory: it keeps the jobs, schedules and metadata contexts it is sent, plays each
 * created job through a script of states on successive GetPipelineJob calls (a job has its run
 * context once it runs, as on Vertex AI), and injects faults on request. Runs in-process for unit
 * tests, or on loopback Netty for emulator mode and integration tests (see {@link #main}).
 */
public final class FakeVertexAi implements AutoCloseable {
  /**
   * A failure to inject into the next call of a method; {@code afterEffect}: the call takes effect
   * first.
   */
  public record Fault(Status status, boolean afterEffect) {}

  private static final long ROOT_TASK_ID = 1;
  private static final String DAG_FAILED = "The DAG failed because some tasks failed.";
  private static final Pattern LABEL_TERM = Pattern.compile("labels\\.([a-z0-9_-]+)=\"([^\"]*)\"");
  private static final Pattern DISPLAY_NAME_TERM =
      Pattern.compile("display_name=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern CONTEXT_TERM =
      Pattern.compile("(schema_title=|parent_contexts:)\"([^\"]*)\"");
  private static final int MAX_PARENTS = 10;

  private final Map<String, PipelineJob> jobs = new LinkedHashMap<>();
  private final Map<String, Deque<PipelineJob>> scripts = new HashMap<>();
  private final Map<String, Schedule> schedules = new LinkedHashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<CreatePipelineJobRequest> createRequests = new ArrayList<>();
  private final List<ListPipelineJobsRequest> listRequests = new ArrayList<>();
  private final List<String> cancelled = new ArrayList<>();
  private final Map<String, MetadataStore> metadataStores = new LinkedHashMap<>();
  private final Map<String, Context> contexts = new LinkedHashMap<>();
  private final List<Message> metadataRequests = new ArrayList<>();
  private boolean everyMetadataStoreExists = true;
  private Function<PipelineJob, List<PipelineJob>> script = FakeVertexAi::succeeding;
  private long clockSeconds = 1_780_000_000L;
  private int scheduleCounter;
  private Path recordDir;
  private Server server;
  private String inProcessName;

  /** Starts on an in-process transport; connect with {@link #channel()}. */
  public static FakeVertexAi inProcess() throws IOException {
    FakeVertexAi fake = new FakeVertexAi();
    fake.inProcessName = InProcessServerBuilder.generateName();
    fake.server =
        InProcessServerBuilder.forName(fake.inProcessName)
            .directExecutor()
            .addService(fake.pipelineService())
            .addService(fake.scheduleService())
            .addService(fake.metadataService())
            .build()
            .start();
    return fake;
  }

  /** Starts plaintext on 127.0.0.1:{@code port} (0: any free port); see {@link #port()}. */
  public static FakeVertexAi loopback(int port) throws IOException {
    FakeVertexAi fake = new FakeVertexAi();
    fake.server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(fake.pipelineService())
            .addService(fake.scheduleService())
            .addService(fake.metadataService())
            .build()
            .start();
    return fake;
  }

  /**
   * Runs the fake on loopback for integration tests: {@code [--port N] [--fail-task TASK] [--record
   * DIR]}. Prints {@code FAKE_VERTEX_PORT=<port>} once listening, then serves until killed. With
   * {@code --fail-task} every job fails in that task ({@code *}: its first task); with {@code
   * --record} every created job is written to {@code DIR/<job id>.json} (proto3 JSON) so that a
   * test can count and inspect them.
   */
  public static void main(String[] args) throws Exception {
    FakeVertexAi fake = fromArguments(args);
    System.out.println("FAKE_VERTEX_PORT=" + fake.port());
    System.out.flush();
    fake.server.awaitTermination();
  }

  /** Starts a loopback fake configured by {@link #main}'s arguments. */
  public static FakeVertexAi fromArguments(String... args) throws IOException {
    int port = 0;
    String failTask = null;
    Path record = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--fail-task" -> failTask = args[++i];
        case "--record" -> record = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; expected [--port N] [--fail-task TASK|*] [--record DIR]");
      }
    }
    if (record != null) {
      Files.createDirectories(record);
    }
    FakeVertexAi fake = loopback(port);
    fake.recordDir = record;
    if (failTask != null) {
      String task = failTask;
      fake.script(
          job -> {
            String failed = task.equals("*") ? taskNames(job).get(0) : task;
            return failing(job, failed, "fake failure in task " + failed);
          });
    }
    return fake;
  }

  public ManagedChannel channel() {
    return InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
  }

  public int port() {
    return server.getPort();
  }

  /**
   * How each created job evolves: the snapshots successive GetPipelineJob calls return (the last
   * repeats).
   */
  public synchronized FakeVertexAi script(Function<PipelineJob, List<PipelineJob>> script) {
    this.script = script;
    return this;
  }

  /** Makes the next calls of {@code method} (e.g. {@code CreatePipelineJob}) fail, in order. */
  public synchronized FakeVertexAi fail(String method, Fault... next) {
    faults.computeIfAbsent(method, key -> new ArrayDeque<>()).addAll(List.of(next));
    return this;
  }

  /**
   * Adds a job as if someone else, or {@code schedule} (when not null), had created it; once it has
   * started it has its run context.
   */
  public synchronized PipelineJob addJob(
      String parent, String id, Map<String, String> labels, PipelineState state, String schedule) {
    PipelineJob.Builder job =
        PipelineJob.newBuilder()
            .setName(parent + "/pipelineJobs/" + id)
            .putAllLabels(labels)
            .setState(state)
            .setCreateTime(tick());
    if (schedule != null) {
      job.setScheduleName(schedule);
    }
    if (state != PipelineState.PIPELINE_STATE_QUEUED
        && state != PipelineState.PIPELINE_STATE_PENDING) {
      job.getJobDetailBuilder().setPipelineRunContext(runContext(job.getName()));
    }
    jobs.put(job.getName(), job.build());
    return job.build();
  }

  public PipelineJob addJob(
      String parent, String id, Map<String, String> labels, PipelineState state) {
    return addJob(parent, id, labels, state, null);
  }

  /** Makes every metadata store missing until created, as in a project that never ran a pipeline. */
  public synchronized FakeVertexAi withoutMetadataStores() {
    everyMetadataStoreExists = false;
    return this;
  }

  /** Adds a metadata context as if someone else had created it. */
  public synchronized Context addContext(Context context) {
    Context stored = context.toBuilder().setCreateTime(tick()).build();
    contexts.put(stored.getName(), stored);
    return stored;
  }

  /** The metadata context named {@code name}, or null. */
  public synchronized Context context(String name) {
    return contexts.get(name);
  }

  /**
   * Every MetadataService request of type {@code type} received, including those an injected fault
   * failed.
   */
  public synchronized <T extends Message> List<T> metadataRequests(Class<T> type) {
    return metadataRequests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * The run context Vertex AI gives the job {@code jobName} ({@code
   * projects/p/locations/r/pipelineJobs/<id>}) once it runs.
   */
  public static String runContextName(String jobName) {
    String location = jobName.substring(0, jobName.indexOf("/pipelineJobs/"));
    return location + "/metadataStores/default/contexts/" + ConsoleLinks.lastSegment(jobName);
  }

  private Context runContext(String jobName) {
    Context context =
        Context.newBuilder()
            .setName(runContextName(jobName))
            .setDisplayName(ConsoleLinks.lastSegment(jobName))
            .setSchemaTitle("system.PipelineRun")
            .build();
    contexts.putIfAbsent(context.getName(), context);
    return context;
  }

  public synchronized List<PipelineJob> jobs() {
    return List.copyOf(jobs.values());
  }

  /** Every CreatePipelineJob request received, including those that an injected fault failed. */
  public synchronized List<CreatePipelineJobRequest> createRequests() {
    return List.copyOf(createRequests);
  }

  public synchronized List<ListPipelineJobsRequest> listRequests() {
    return List.copyOf(listRequests);
  }

  public synchronized List<String> cancelled() {
    return List.copyOf(cancelled);
  }

  public synchronized List<Schedule> schedules() {
    return List.copyOf(schedules.values());
  }

  /** Every call received, by method name, in order. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  // --- scripts
  // -------------------------------------------------------------------------------------------

  /** The task names of a job's spec ({@code root.dag.tasks}), sorted. */
  public static List<String> taskNames(PipelineJob job) {
    return job
        .getPipelineSpec()
        .getFieldsOrThrow("root")
        .getStructValue()
        .getFieldsOrThrow("dag")
        .getStructValue()
        .getFieldsOrThrow("tasks")
        .getStructValue()
        .getFieldsMap()
        .keySet()
        .stream()
        .sorted()
        .toList();
  }

  /** PENDING, RUNNING with every task running, RUNNING with the first task done, SUCCEEDED. */
  public static List<PipelineJob> succeeding(PipelineJob created) {
    List<String> tasks = taskNames(created);
    return List.of(
        snapshot(created, PipelineState.PIPELINE_STATE_PENDING, tasks, Map.of(), null),
        snapshot(
            created,
            PipelineState.PIPELINE_STATE_RUNNING,
            tasks,
            Map.of(),
            PipelineTaskDetail.State.RUNNING),
        snapshot(
            created,
            PipelineState.PIPELINE_STATE_RUNNING,
            tasks,
            Map.of(tasks.get(0), PipelineTaskDetail.State.SUCCEEDED),
            PipelineTaskDetail.State.RUNNING),
        snapshot(
            created,
            PipelineState.PIPELINE_STATE_SUCCEEDED,
            tasks,
            Map.of(),
            PipelineTaskDetail.State.SUCCEEDED));
  }

  /**
   * Like {@link #succeeding} until {@code failedTask} fails with {@code error} and the job with it.
   */
  public static List<PipelineJob> failing(PipelineJob created, String failedTask, String error) {
    List<String> tasks = taskNames(created);
    PipelineJob running =
        snapshot(
            created,
            PipelineState.PIPELINE_STATE_RUNNING,
            tasks,
            Map.of(),
            PipelineTaskDetail.State.RUNNING);
    PipelineJob.Builder failed =
        snapshot(
            created,
            PipelineState.PIPELINE_STATE_FAILED,
            tasks,
            Map.of(failedTask, PipelineTaskDetail.State.FAILED),
            PipelineTaskDetail.State.CANCELLED)
            .toBuilder();
    failed.getErrorBuilder().setCode(9).setMessage(DAG_FAILED);
    // Like Vertex AI, report the root DAG as a failed task too.
    failed
        .getJobDetailBuilder()
        .addTaskDetails(
            PipelineTaskDetail.newBuilder()
                .setTaskId(ROOT_TASK_ID)
                .setTaskName(created
                        .getPipelineSpec()
                        .getFieldsOrThrow("pipelineInfo")
                        .getStructValue()
                        .getFieldsOrThrow("name")
                        .getStringValue())
                .setState(PipelineTaskDetail.State.FAILED)
                .setError(com.google.rpc.Status.newBuilder().setCode(9).setMessage(DAG_FAILED)));
    for (PipelineTaskDetail.Builder task :
        failed.getJobDetailBuilder().getTaskDetailsBuilderList()) {
      if (task.getTaskName().equals(failedTask)) {
        task.getErrorBuilder().setCode(9).setMessage(error);
      }
    }
    return List.of(running, failed.build());
  }

  /** PENDING for ever: a job Vertex AI never starts, so it never gets its run context. */
  public static List<PipelineJob> pending(PipelineJob created) {
    return List.of(
        snapshot(
            created, PipelineState.PIPELINE_STATE_PENDING, taskNames(created), Map.of(), null));
  }

  /** RUNNING for ever (until cancelled). */
  public static List<PipelineJob> running(PipelineJob created) {
    return List.of(
        snapshot(
            created,
            PipelineState.PIPELINE_STATE_RUNNING,
            taskNames(created),
            Map.of(),
            PipelineTaskDetail.State.RUNNING));
  }

  private static PipelineJob snapshot(
      PipelineJob created,
      PipelineState state,
      List<String> tasks,
      Map<String, PipelineTaskDetail.State> special,
      PipelineTaskDetail.State others) {
    PipelineJob.Builder job = created.toBuilder().setState(state);
    job.getJobDetailBuilder().clearTaskDetails();
    if (state != PipelineState.PIPELINE_STATE_PENDING) {
      job.getJobDetailBuilder()
          .setPipelineRunContext(
              Context.newBuilder()
                  .setName(runContextName(created.getName()))
                  .setSchemaTitle("system.PipelineRun"));
    }
    for (int i = 0; i < tasks.size(); i++) {
      PipelineTaskDetail.State taskState = special.getOrDefault(tasks.get(i), others);
      if (taskState != null) {
        // Vertex AI numbers the tasks; the pipeline's root DAG (id 1) is every task's parent.
        job.getJobDetailBuilder()
            .addTaskDetails(
                PipelineTaskDetail.newBuilder()
                    .setTaskId(i + 2)
                    .setParentTaskId(ROOT_TASK_ID)
                    .setTaskName(tasks.get(i))
                    .setState(taskState));
      }
    }
    return job.build();
  }

  // --- services
  // ------------------------------------------------------------------------------------------

  private PipelineServiceGrpc.PipelineServiceImplBase pipelineService() {
    return new PipelineServiceGrpc.PipelineServiceImplBase() {
      @Override
      public void createPipelineJob(
          CreatePipelineJobRequest request, StreamObserver<PipelineJob> response) {
        synchronized (FakeVertexAi.this) {
          createRequests.add(request);
        }
        handle(
            "CreatePipelineJob",
            response,
            () -> {
              String name = request.getParent() + "/pipelineJobs/" + request.getPipelineJobId();
              if (jobs.containsKey(name)) {
                throw Status.ALREADY_EXISTS
                    .withDescription(name + " already exists")
                    .asRuntimeException();
              }
              PipelineJob job =
                  request.getPipelineJob().toBuilder()
                      .setName(name)
                      .setState(PipelineState.PIPELINE_STATE_QUEUED)
                      .setCreateTime(tick())
                      .build();
              jobs.put(name, job);
              runContext(name);
              scripts.put(name, new ArrayDeque<>(script.apply(job)));
              record(request.getPipelineJobId(), job);
              return job;
            });
      }

      @Override
      public void getPipelineJob(
          GetPipelineJobRequest request, StreamObserver<PipelineJob> response) {
        handle(
            "GetPipelineJob",
            response,
            () -> {
              PipelineJob job = jobs.get(request.getName());
              if (job == null) {
                throw Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException();
              }
              Deque<PipelineJob> steps = scripts.get(request.getName());
              if (steps != null
                  && !steps.isEmpty()
                  && job.getState() != PipelineState.PIPELINE_STATE_CANCELLING) {
                PipelineJob next = steps.size() > 1 ? steps.poll() : steps.peek();
                job =
                    next.toBuilder()
                        .setName(job.getName())
                        .setCreateTime(job.getCreateTime())
                        .build();
                jobs.put(job.getName(), job);
              }
              return job;
            });
      }

      @Override
      public void cancelPipelineJob(
          CancelPipelineJobRequest request, StreamObserver<Empty> response) {
        handle(
            "CancelPipelineJob",
            response,
            () -> {
              PipelineJob job = jobs.get(request.getName());
              if (job == null) {
                throw Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException();
              }
              cancelled.add(request.getName());
              jobs.put(
                  job.getName(),
                  job.toBuilder().setState(PipelineState.PIPELINE_STATE_CANCELLING).build());
              return Empty.getDefaultInstance();
            });
      }

      @Override
      public void listPipelineJobs(
          ListPipelineJobsRequest request, StreamObserver<ListPipelineJobsResponse> response) {
        handle(
            "ListPipelineJobs",
            response,
            () -> {
              listRequests.add(request);
              List<PipelineJob> matching =
                  jobs.values().stream()
                      .filter(job -> job.getName().startsWith(request.getParent() + "/"))
                      .filter(job -> labelsMatch(request.getFilter(), job.getLabelsMap()))
                      .sorted(Comparator.comparing(job -> job.getCreateTime().getSeconds()))
                      .toList();
              List<PipelineJob> ordered = new ArrayList<>(matching);
              if (request.getOrderBy().trim().equals("create_time desc")) {
                java.util.Collections.reverse(ordered);
              }
              int from =
                  request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
              int size = request.getPageSize() > 0 ? request.getPageSize() : 100;
              int to = Math.min(ordered.size(), from + size);
              ListPipelineJobsResponse.Builder page =
                  ListPipelineJobsResponse.newBuilder()
                      .addAllPipelineJobs(ordered.subList(from, to));
              if (to < ordered.size()) {
                page.setNextPageToken(Integer.toString(to));
              }
              return page.build();
            });
      }
    };
  }

  private ScheduleServiceGrpc.ScheduleServiceImplBase scheduleService() {
    return new ScheduleServiceGrpc.ScheduleServiceImplBase() {
      @Override
      public void createSchedule(CreateScheduleRequest request, StreamObserver<Schedule> response) {
        handle(
            "CreateSchedule",
            response,
            () -> {
              String name = request.getParent() + "/schedules/" + (1000 + ++scheduleCounter);
              Schedule schedule =
                  request.getSchedule().toBuilder()
                      .setName(name)
                      .setState(Schedule.State.ACTIVE)
                      .setCreateTime(tick())
                      .build();
              if (!schedule.hasStartTime()) {
                schedule = schedule.toBuilder().setStartTime(schedule.getCreateTime()).build();
              }
              schedules.put(name, schedule);
              return schedule;
            });
      }

      @Override
      public void getSchedule(GetScheduleRequest request, StreamObserver<Schedule> response) {
        handle("GetSchedule", response, () -> existing(request.getName()));
      }

      @Override
      public void listSchedules(
          ListSchedulesRequest request, StreamObserver<ListSchedulesResponse> response) {
        handle(
            "ListSchedules",
            response,
            () -> {
              Matcher byName = DISPLAY_NAME_TERM.matcher(request.getFilter());
              String displayName =
                  byName.find()
                      ? byName.group(1).replace("\\\"", "\"").replace("\\\\", "\\")
                      : null;
              return ListSchedulesResponse.newBuilder()
                  .addAllSchedules(
                      schedules.values().stream()
                          .filter(
                              schedule -> schedule.getName().startsWith(request.getParent() + "/"))
                          .filter(
                              schedule ->
                                  displayName == null
                                      || schedule.getDisplayName().equals(displayName))
                          .toList())
                  .build();
            });
      }

      @Override
      public void updateSchedule(UpdateScheduleRequest request, StreamObserver<Schedule> response) {
        handle(
            "UpdateSchedule",
            response,
            () -> {
              Schedule current = existing(request.getSchedule().getName());
              for (String path : request.getUpdateMask().getPathsList()) {
                // Vertex AI refuses to unset a field that is set.
                if (path.equals("end_time")
                    && current.hasEndTime()
                    && !request.getSchedule().hasEndTime()) {
                  throw Status.INVALID_ARGUMENT
                      .withDescription("cannot unset end_time")
                      .asRuntimeException();
                }
              }
              Schedule.Builder updated = current.toBuilder();
              FieldMaskUtil.merge(
                  request.getUpdateMask(),
                  request.getSchedule(),
                  updated,
                  new FieldMaskUtil.MergeOptions()
                      .setReplaceMessageFields(true)
                      .setReplaceRepeatedFields(true));
              Schedule result = updated.setUpdateTime(tick()).build();
              schedules.put(result.getName(), result);
              return result;
            });
      }

      @Override
      public void deleteSchedule(
          DeleteScheduleRequest request, StreamObserver<Operation> response) {
        handle(
            "DeleteSchedule",
            response,
            () -> {
              existing(request.getName());
              schedules.remove(request.getName());
              return Operation.newBuilder()
                  .setName(request.getName() + "/operations/delete")
                  .setDone(true)
                  .setResponse(Any.pack(Empty.getDefaultInstance()))
                  .build();
            });
      }

      @Override
      public void pauseSchedule(PauseScheduleRequest request, StreamObserver<Empty> response) {
        handle(
            "PauseSchedule",
            response,
            () -> {
              Schedule schedule = existing(request.getName());
              schedules.put(
                  schedule.getName(), schedule.toBuilder().setState(Schedule.State.PAUSED).build());
              return Empty.getDefaultInstance();
            });
      }

      @Override
      public void resumeSchedule(ResumeScheduleRequest request, StreamObserver<Empty> response) {
        handle(
            "ResumeSchedule",
            response,
            () -> {
              Schedule schedule = existing(request.getName());
              schedules.put(
                  schedule.getName(), schedule.toBuilder().setState(Schedule.State.ACTIVE).build());
              return Empty.getDefaultInstance();
            });
      }
    };
  }

  private MetadataServiceGrpc.MetadataServiceImplBase metadataService() {
    return new MetadataServiceGrpc.MetadataServiceImplBase() {
      @Override
      public void getMetadataStore(
          GetMetadataStoreRequest request, StreamObserver<MetadataStore> response) {
        handleMetadata("GetMetadataStore", request, response, () -> store(request.getName()));
      }

      @Override
      public void createMetadataStore(
          CreateMetadataStoreRequest request, StreamObserver<Operation> response) {
        handleMetadata(
            "CreateMetadataStore",
            request,
            response,
            () -> {
              String name =
                  request.getParent() + "/metadataStores/" + request.getMetadataStoreId();
              if (metadataStores.containsKey(name)) {
                throw Status.ALREADY_EXISTS.withDescription(name).asRuntimeException();
              }
              MetadataStore store =
                  request.getMetadataStore().toBuilder()
                      .setName(name)
                      .setCreateTime(tick())
                      .build();
              metadataStores.put(name, store);
              return Operation.newBuilder()
                  .setName(name + "/operations/create")
                  .setDone(true)
                  .setResponse(Any.pack(store))
                  .build();
            });
      }

      @Override
      public void getContext(GetContextRequest request, StreamObserver<Context> response) {
        handleMetadata(
            "GetContext", request, response, () -> existingContext(request.getName()));
      }

      @Override
      public void createContext(CreateContextRequest request, StreamObserver<Context> response) {
        handleMetadata(
            "CreateContext",
            request,
            response,
            () -> {
              store(request.getParent());
              String name = request.getParent() + "/contexts/" + request.getContextId();
              if (contexts.containsKey(name)) {
                throw Status.ALREADY_EXISTS.withDescription(name).asRuntimeException();
              }
              Context created =
                  request.getContext().toBuilder()
                      .setName(name)
                      .setEtag("1")
                      .setCreateTime(tick())
                      .build();
              contexts.put(name, created);
              return created;
            });
      }

      @Override
      public void updateContext(UpdateContextRequest request, StreamObserver<Context> response) {
        handleMetadata(
            "UpdateContext",
            request,
            response,
            () -> {
              Context.Builder updated = existingContext(request.getContext().getName()).toBuilder();
              if (request.getUpdateMask().getPathsCount() == 0) {
                updated.mergeFrom(request.getContext());
              } else {
                FieldMaskUtil.merge(request.getUpdateMask(), request.getContext(), updated);
              }
              Context result = updated.setUpdateTime(tick()).build();
              contexts.put(result.getName(), result);
              return result;
            });
      }

      @Override
      public void addContextChildren(
          AddContextChildrenRequest request, StreamObserver<AddContextChildrenResponse> response) {
        handleMetadata(
            "AddContextChildren",
            request,
            response,
            () -> {
              existingContext(request.getContext());
              for (String child : request.getChildContextsList()) {
                Context current = existingContext(child);
                // Vertex AI skips children that are already there.
                if (current.getParentContextsList().contains(request.getContext())) {
                  continue;
                }
                if (current.getParentContextsCount() >= MAX_PARENTS) {
                  throw Status.INVALID_ARGUMENT
                      .withDescription(child + " would have more than 10 parents")
                      .asRuntimeException();
                }
                contexts.put(
                    child, current.toBuilder().addParentContexts(request.getContext()).build());
              }
              return AddContextChildrenResponse.getDefaultInstance();
            });
      }

      @Override
      public void listContexts(
          ListContextsRequest request, StreamObserver<ListContextsResponse> response) {
        handleMetadata(
            "ListContexts",
            request,
            response,
            () ->
                ListContextsResponse.newBuilder()
                    .addAllContexts(
                        contexts.values().stream()
                            .filter(
                                context ->
                                    context.getName().startsWith(request.getParent() + "/"))
                            .filter(context -> contextMatches(request.getFilter(), context))
                            .toList())
                    .build());
      }
    };
  }

  // --- plumbing
  // ------------------------------------------------------------------------------------------

  private interface Call<T> {
    T run();
  }

  /** Runs one call under the lock, applying any fault queued for the method. */
  private <T> void handle(String method, StreamObserver<T> response, Call<T> call) {
    T result;
    synchronized (this) {
      calls.add(method);
      Deque<Fault> queued = faults.get(method);
      Fault fault = queued == null ? null : queued.poll();
      try {
        if (fault != null && !fault.afterEffect()) {
          throw fault.status().asRuntimeException();
        }
        result = call.run();
        if (fault != null) {
          throw fault.status().asRuntimeException();
        }
      } catch (io.grpc.StatusRuntimeException e) {
        response.onError(e);
        return;
      }
    }
    response.onNext(result);
    response.onCompleted();
  }

  private <T> void handleMetadata(
      String method, Message request, StreamObserver<T> response, Call<T> call) {
    synchronized (this) {
      metadataRequests.add(request);
    }
    handle(method, response, call);
  }

  private MetadataStore store(String name) {
    MetadataStore store = metadataStores.get(name);
    if (store == null && everyMetadataStoreExists) {
      store = MetadataStore.newBuilder().setName(name).build();
    }
    if (store == null) {
      throw Status.NOT_FOUND.withDescription(name + " not found").asRuntimeException();
    }
    return store;
  }

  private Context existingContext(String name) {
    Context context = contexts.get(name);
    if (context == null) {
      throw Status.NOT_FOUND.withDescription(name + " not found").asRuntimeException();
    }
    return context;
  }

  /** The filter terms this plugin sends: {@code schema_title="..."} and {@code parent_contexts:"..."}. */
  private static boolean contextMatches(String filter, Context context) {
    Matcher term = CONTEXT_TERM.matcher(filter);
    while (term.find()) {
      boolean matches =
          term.group(1).equals("schema_title=")
              ? context.getSchemaTitle().equals(term.group(2))
              : context.getParentContextsList().contains(term.group(2));
      if (!matches) {
        return false;
      }
    }
    return true;
  }

  private Schedule existing(String name) {
    Schedule schedule = schedules.get(name);
    if (schedule == null) {
      throw Status.NOT_FOUND.withDescription(name).asRuntimeException();
    }
    return schedule;
  }

  private static boolean labelsMatch(String filter, Map<String, String> labels) {
    Matcher term = LABEL_TERM.matcher(filter);
    while (term.find()) {
      if (!term.group(2).equals(labels.get(term.group(1)))) {
        return false;
      }
    }
    return true;
  }

  private Timestamp tick() {
    return Timestamp.newBuilder().setSeconds(clockSeconds++).build();
  }

  private void record(String jobId, PipelineJob job) {
    if (recordDir == null) {
      return;
    }
    try {
      Files.writeString(
          recordDir.resolve(jobId + ".json"),
          JsonFormat.printer().print(job),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Status.INTERNAL
          .withDescription("cannot record " + jobId + ": " + e)
          .asRuntimeException();
    }
  }
}
