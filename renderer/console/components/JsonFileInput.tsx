/**
 * A file picker for a JSON document HQ publishes (price table, commission plan, service targets):
 * reads the chosen file as text and hands it on; a file that cannot be read is reported. The page
 * parses and checks it (with the shared schema, on the server) when the operator publishes.
 */
export function JsonFileInput({ label, onPicked, onText, onError }: {
  label: string;
  /** A new choice starts over: clear earlier results. */
  onPicked: () => void;
  onText: (text: string) => void;
  onError: (message: string) => void;
}) {
  return (
    <input
      type="file"
      accept="application/json,.json"
      aria-label={label}
      onChange={(e) => {
        const file = e.target.files?.[0];
        onPicked();
        if (!file) return;
        file
          .text()
          .then(onText)
          .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)));
      }}
    />
  );
}
