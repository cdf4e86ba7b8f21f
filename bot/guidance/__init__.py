"""Rule-based understanding that runs beside the classifier: crisis, personal data,
audience, age, needs and language. Plain Python, testable without Rasa."""
