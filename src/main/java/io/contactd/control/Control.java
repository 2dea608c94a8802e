package io.contactd.control;

import io.contactd.auth.AccountStore;
import io.contactd.db.Database;
import io.contactd.files.BlobStore;
import io.contactd.http.Api;
import io.contactd.http.RequestJournal;
import io.contactd.jobs.JobHooks;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;

/**
 * The control API as the composition root sees it (dev mode only): the fault hooks for jobs, the
 * HTTP fault filter, the request journal and the {@code /_contactd/} routes.
 */
public final class Control {
  /** Paths of the control API; never journaled, never faulted. */
  public static final String PATHS = ControlRoutes.BASE;

  private final FaultService faults;
  private final ControlRoutes routes;
  private final RequestJournal journal;

  public Control(
      Database database,
      BusinessClock clock,
      AccountStore accounts,
      BlobStore blobs,
      RequestJournal journal,
      long ownerId,
      Consumer<String> resumeExport,
      Runnable afterReset) {
    FaultStore faultStore = new FaultStore(database.jdbi());
    this.faults = new FaultService(faultStore, clock);
    this.journal = journal;
    ResetService reset =
        new ResetService(
            new ResetStore(database.jdbi(), database.dialect()), faultStore, blobs, afterReset);
    this.routes =
        new ControlRoutes(
            new ControlService(reset, clock, faultStore, accounts, resumeExport), journal, ownerId);
  }

  /** What exports and imports call as they start (fail, stall, delay). */
  public JobHooks hooks() {
    return faults;
  }

  /** The HTTP fault filter, before every route. */
  public void install(JavalinConfig config) {
    config.routes.before(faults::beforeRequest);
  }

  public void registerRoutes(Api api) {
    routes.register(api);
  }

  public RequestJournal journal() {
    return journal;
  }
}
