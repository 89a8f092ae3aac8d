package org.gconv4j.processor.validate;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;

/** The immutable list of messages that validating one spec produced; clean when empty. */
public final class ValidationReport {
  private final List<Message> messages;

  private ValidationReport(List<Message> messages) {
    this.messages = List.copyOf(messages);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Message> messages() {
    return messages;
  }

  public boolean isClean() {
    return messages.isEmpty();
  }

  public void printTo(Messager messager) {
    for (Message m : messages) {
      m.printTo(messager);
    }
  }

  @Override
  public String toString() {
    return messages.toString();
  }

  /** Collects messages; {@link #build()} freezes them. */
  public static final class Builder {
    private final List<Message> messages = new ArrayList<>();

    private Builder() {}

    public Builder add(Message m) {
      messages.add(m);
      return this;
    }

    public boolean hasErrors() {
      return !messages.isEmpty();
    }

    public ValidationReport build() {
      return new ValidationReport(messages);
    }
  }
}
