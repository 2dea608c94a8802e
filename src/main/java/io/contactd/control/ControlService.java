package io.contactd.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.http.ApiException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** The rules of the control API: what a reset, a clock move, a fault or a release may be. */
final class ControlService {
  private final ResetService reset;
  private final BusinessClock clock;
  private final FaultStore faults;
  private final AccountStore accounts;
  private final Consumer<String> resumeExport;

  ControlService(
      ResetService reset,
      BusinessClock clock,
      FaultStore faults,
      AccountStore accounts,
      Consumer<String> resumeExport) {
    this.reset = reset;
    this.clock = clock;
    this.faults = faults;
    this.accounts = accounts;
    this.resumeExport = resumeExport;
  }

  ResetService.Outcome reset(Long account, boolean keys) throws IOException {
    return reset.reset(account, keys);
  }

  /** An account by id or username; 404 when there is none. */
  long account(String idOrName) {
    return find(idOrName).orElseThrow(ApiException::notFound);
  }

  private Optional<Long> find(String idOrName) {
    Optional<Account> a;
    try {
      a = accounts.byId(Long.parseLong(idOrName));
    } catch (NumberFormatException e) {
      a = accounts.byUsername(idOrName);
    }
    return a.map(Account::id);
  }

  Map<String, Object> clockView() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("now", clock.instant().toString());
    out.put("offset_ms", clock.offsetMillis());
    out.put("system", clock.baseInstant().toString());
    out.put("refresh_ms", BusinessClock.REFRESH.toMillis());
    return out;
  }

  void moveClock(ClockRequest r) {
    if (r.advance() != null) {
      clock.advance(r.advance());
    } else if (r.set() != null) {
      clock.set(r.set());
    } else {
      clock.set(clock.baseInstant());
    }
  }

  Fault addFault(ObjectNode body) {
    Fault f =
        FaultRequest.parse(
            body,
            a -> find(a).orElse(null),
            "flt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
            clock.millis());
    faults.insert(f);
    return f;
  }

  List<Fault> faults() {
    return faults.all();
  }

  List<FaultStore.Stall> stalls() {
    return faults.stalls();
  }

  void clearFaults() {
    faults.deleteAll();
  }

  void deleteFault(String id) {
    if (!faults.delete(id)) {
      throw ApiException.notFound();
    }
  }

  /** A stalled export goes on (its job is queued again); 404 when it is not stalled. */
  void release(String exportId) {
    if (!faults.release("export", exportId, clock.millis())) {
      throw new ApiException(404, null, "export " + exportId + " is not stalled");
    }
    resumeExport.accept(exportId);
  }
}
