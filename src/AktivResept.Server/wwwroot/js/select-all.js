// "Select all lines shown" in the payer's claim review: a header checkbox ticks or clears every row checkbox with the
// same name in its form. Delegated on the document, so it keeps working after Blazor's enhanced navigation.
document.addEventListener('change', (event) => {
  const all = event.target;
  if (!(all instanceof HTMLInputElement) || !all.dataset.selectAll || !all.form) {
    return;
  }

  for (const box of all.form.querySelectorAll(`input[type="checkbox"][name="${all.dataset.selectAll}"]`)) {
    box.checked = all.checked;
  }
});
