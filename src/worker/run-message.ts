// How a continued run ended, told in the model's epochs. The trainer counts a run's epochs from 1, but
// the page counts from the model's first epoch (the progress bar, the loss chart and the model's history
// all do): after 6 imported epochs and 1 more, the bar says 7 / 7, so the status must not say "Trained 1
// epoch" or "Early stopping after epoch 1".

/** The trainer's end-of-run message with its epoch numbers counted from the model's first epoch. */
export function continuedRunMessage(message: string, startEpoch: number): string {
  if (startEpoch <= 0) return message;
  return (
    message
      // "Trained N epochs." (the run completed): how many more, and how many the model has now.
      .replace(
        /^Trained (\d+) epochs?\./,
        (_, n: string) =>
          `Trained ${n} more epoch${n === '1' ? '' : 's'} (${startEpoch + Number(n)} in all).`,
      )
      // "during / in / after epoch E", "the weights of epoch K": the run's E is the model's start + E.
      .replace(/\bepoch (\d+)\b/g, (_, n: string) => `epoch ${startEpoch + Number(n)}`)
      // The run's start is the model's last epoch before it (the weights it continued from).
      .replace(/\bthe weights of the start\b/g, `the weights of epoch ${startEpoch}`)
  );
}
