package dev.rosetta.examples.library;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;
import dev.rosetta.examples.library.v1.Book;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;

/**
 * The errors the example backend returns, each with the standard {@code google.rpc} detail a
 * REST client would look for (AIP-193), so the gateway's JSON error body has something real to
 * carry: ResourceInfo on NOT_FOUND and ALREADY_EXISTS, BadRequest on INVALID_ARGUMENT, ErrorInfo
 * and PreconditionFailure on FAILED_PRECONDITION.
 */
final class Errors {
  /** The ErrorInfo domain of every machine-readable reason this backend sends. */
  static final String DOMAIN = "library.rosetta.dev";

  static final String SHELF = DOMAIN + "/Shelf";
  static final String BOOK = DOMAIN + "/Book";

  private Errors() {}

  static StatusRuntimeException notFound(String resourceType, String name) {
    String message = kind(resourceType) + " \"" + name + "\" not found";
    return error(Code.NOT_FOUND, message, resourceInfo(resourceType, name, message));
  }

  static StatusRuntimeException alreadyExists(String resourceType, String name) {
    String message = kind(resourceType) + " \"" + name + "\" already exists";
    return error(Code.ALREADY_EXISTS, message, resourceInfo(resourceType, name, message));
  }

  static StatusRuntimeException badRequest(String field, String description) {
    return new Violations().add(field, description).toException();
  }

  /** CheckoutBook on a book that is lent out: retrying will not help until it is returned. */
  static StatusRuntimeException alreadyCheckedOut(Book book) {
    String message = "book \"" + book.getName() + "\" is already checked out";
    ErrorInfo info = ErrorInfo.newBuilder()
        .setReason("BOOK_ALREADY_CHECKED_OUT")
        .setDomain(DOMAIN)
        .putMetadata("book", book.getName())
        .putMetadata("borrower", book.getBorrower())
        .build();
    PreconditionFailure failure = PreconditionFailure.newBuilder()
        .addViolations(PreconditionFailure.Violation.newBuilder()
            .setType("AVAILABILITY")
            .setSubject(book.getName())
            .setDescription("the book is lent out to " + book.getBorrower()))
        .build();
    return error(Code.FAILED_PRECONDITION, message, Any.pack(info), Any.pack(failure));
  }

  private static Any resourceInfo(String resourceType, String name, String description) {
    return Any.pack(ResourceInfo.newBuilder()
        .setResourceType(resourceType)
        .setResourceName(name)
        .setDescription(description)
        .build());
  }

  private static String kind(String resourceType) {
    return resourceType.substring(resourceType.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  private static StatusRuntimeException error(Code code, String message, Any... details) {
    Status.Builder status = Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    for (Any detail : details) {
      status.addDetails(detail);
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  /** Collects every problem with a request, so one INVALID_ARGUMENT names them all. */
  static final class Violations {
    private final List<FieldViolation> violations = new ArrayList<>();

    Violations add(String field, String description) {
      violations.add(FieldViolation.newBuilder().setField(field).setDescription(description).build());
      return this;
    }

    boolean isEmpty() {
      return violations.isEmpty();
    }

    void throwIfAny() {
      if (!violations.isEmpty()) {
        throw toException();
      }
    }

    StatusRuntimeException toException() {
      FieldViolation first = violations.get(0);
      String message = "invalid " + first.getField() + ": " + first.getDescription()
          + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "");
      BadRequest badRequest = BadRequest.newBuilder().addAllFieldViolations(violations).build();
      return error(Code.INVALID_ARGUMENT, message, Any.pack(badRequest));
    }
  }
}
