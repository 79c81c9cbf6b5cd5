/** A labelled single-choice filter: "any" (the empty value) or one of the options. */
import { Dropdown, Field, Option } from '@fluentui/react-components';

export function Choice({
  label,
  value,
  options,
  onChange,
  anyLabel,
  className,
}: {
  label: string;
  /** the chosen option's id; empty or undefined for "any" */
  value: string | undefined;
  options: readonly { id: string; name: string }[];
  onChange: (v: string | undefined) => void;
  anyLabel: string;
  className?: string;
}) {
  const selected = options.find((o) => o.id === value);
  return (
    <Field label={label}>
      <Dropdown
        className={className}
        value={selected?.name ?? anyLabel}
        selectedOptions={[value ?? '']}
        onOptionSelect={(_, d) => onChange(d.optionValue || undefined)}
      >
        <Option value="" text={anyLabel}>
          {anyLabel}
        </Option>
        {options.map((o) => (
          <Option key={o.id} value={o.id} text={o.name}>
            {o.name}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
