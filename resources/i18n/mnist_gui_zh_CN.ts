<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdaptResultBox</name>
    <message>
        <source>Adapted to your handwriting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the adapted model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the current model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The adapted model is worse on MNIST: {before}&#xa0;→&#xa0;{after} ({ratio}× the errors).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The adapted model is worse on MNIST: {before}&#xa0;→&#xa0;{after}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It reads your held-out digits worse: {before}&#xa0;→&#xa0;{after}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The adapted model reads your held-out digits better: {before}&#xa0;→&#xa0;{after}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The adapted model reads your held-out digits no better than before ({before}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the adapted model now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the current model?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapted on your {n} digits in {s} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your digits, each scored by a copy that never saw it: {before} read right before, {after} after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MNIST test set: {before} before, {after} after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With few digits an adaptation easily overfits them: keep more digits and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as {name} (your original model is unchanged).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Adapter</name>
    <message>
        <source>An adaptation is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is loaded: load one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MNIST is still loading (adapting mixes in its training digits so the model does not forget them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapting needs the MNIST training digits (so the model does not forget them): load MNIST first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least {min} digits (you have {n}): keep or correct digits in the Draw tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: the model was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptation failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppState</name>
    <message>
        <source>bundled default model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>architecture &apos;{0}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test accuracy {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test accuracy unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MNIST was not found (no folder chosen, MNIST_DIR unset, nothing in {0})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixWidget</name>
    <message>
        <source>No evaluation yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (%1 of the %2 %3s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>True %1, predicted %2: %3 correct</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n digit(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Click to list them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>True label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfusionsPanel</name>
    <message>
        <source>All errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List every misclassified test digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows: true label · columns: prediction. Click a cell to list its digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most frequent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>True %1 predicted as %2: %n digit(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatasetTab</name>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index of the digit within the chosen split (with All: train 0–59,999, then test 60,000–69,999)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show and select the digit with this index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a digit to see it enlarged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No digit selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put this digit on the Draw tab&apos;s canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red pixels push the network toward its prediction, blue ones toward the runner-up;
click a probability bar for another digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to browse the digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All labels (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train + test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>label %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded: no prediction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prediction failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>correct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model says %1 (%2) — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a digit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DigitDetail</name>
    <message>
        <source>Select a digit in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No digit selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put this digit on the Draw tab&apos;s canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top 3 probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red pixels push the network toward its prediction, blue ones toward the runner-up
(for a wrong prediction: why this and not the true digit?);
click a bar for another digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>True %1 · predicted %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DigitListModel</name>
    <message>
        <source>Train #%1: label %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test #%1: label %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, predicted %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DigitView</name>
    <message>
        <source>Select a digit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DrawNumbers</name>
    <message>
        <source>Write several digits side by side: the number appears here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 digits, all of them right with probability %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 unsure or not a digit (orange, red)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DrawTab</name>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the canvas (Delete / Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last stroke or opened picture (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classify a picture of a digit (Ctrl+O); you can also drop or paste one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last stroke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a picture of a digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MNIST-style preparation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crop to the ink, scale into 20x20, centre by mass in 28x28 - as MNIST was made -
with strokes as thick, for the digit&apos;s size, as MNIST&apos;s.
Off: the whole canvas is simply shrunk to 28x28.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse what is not a digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say “Not a digit” for letters and scribbles, and “unsure” when two digits are close,
instead of always naming the most probable digit. The threshold is in the model&apos;s card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a digit or a whole number with the mouse or a pen; each digit gets a box (right-click one to look at it). Drop or paste a picture to read it; what you draw then goes on top of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The 28x28 picture the network actually receives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence map (integrated gradients): red pixels push the network toward
the first digit, blue ones toward the second. Click a probability bar
to see the evidence for that digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why? Show the evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour the pixels by how much they push toward the prediction (red)
or toward the runner-up (blue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For the prediction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the evidence for the predicted digit again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature maps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What every convolution layer of the network responds to, for this digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a digit&apos;s bar to see the evidence for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability of each digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#7c3aed&apos;&gt;Adapted to your handwriting&lt;/b&gt; (%1 digits, from %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to draw • the full model (evidence maps, feature maps) is still loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digit %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No digit found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a
digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looks most like a %1 (%2), too little to be one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsure: %1 (%2) or %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the evidence is (28×28)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the network sees (28×28)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Draw a digit with the mouse or a pen. Delete/Esc clears, Ctrl+Z undoes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a digit or a number here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorsTab</name>
    <message>
        <source>Evaluating on the test digits… %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most confident first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Least confident first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order by the network&apos;s confidence in its prediction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the listed digits as a contact sheet (PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the listed digits with all ten probabilities (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to evaluate the model on its test digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;No model is active&lt;/h3&gt;&lt;p&gt;Load a model or train one on the Train tab; its accuracy on the 10,000 test digits and its mistakes will appear here.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 test digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>All errors (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Correctly classified %1s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>True %1 predicted as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save contact sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the contact sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the CSV file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceSection</name>
    <message>
        <source>Why? Evidence map</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceView</name>
    <message>
        <source>Draw a digit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>No digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No evidence map: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;blue&lt;/b&gt;: for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;red&lt;/b&gt;: for %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeatureMapsPanel</name>
    <message>
        <source>Feature maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a digit to see what each layer detects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No feature maps: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each small square is one filter&apos;s response (bright: strong); later layers see larger, more abstract parts of the digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First layer&apos;s filters (%1, %2 of them)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <source>Guide — {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Draw a digit and a convolutional network trained on MNIST reads it as you draw. You can also browse the MNIST digits, train your own network, see where a network goes wrong, and teach it your handwriting. Each tab below does one of these; the status bar shows the model in use and the MNIST data.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Draw one digit on the square with the mouse or a pen: the prediction updates while you draw. On the right: the digit read, how sure the network is, a bar for each of the ten digits, and &lt;b&gt;What the network sees&lt;/b&gt; (the 28×28 picture it gets). &lt;b&gt;Clear&lt;/b&gt;, &lt;b&gt;Undo&lt;/b&gt; and &lt;b&gt;Redo&lt;/b&gt; work stroke by stroke; &lt;b&gt;Open image…&lt;/b&gt; reads a photo or scan of a digit, and you can also drop or paste one.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Why? Show the evidence&lt;/b&gt; colours the pixels that push toward the prediction (red) or the runner-up (blue); click a probability bar to see the evidence for that digit. &lt;b&gt;Feature maps…&lt;/b&gt; shows what each convolution layer responds to.&lt;/p&gt;&lt;p&gt;Under the canvas, &lt;i&gt;Teach it your handwriting&lt;/i&gt;: if the reading is wrong, press the right digit (0–9); if it is right, press &lt;b&gt;Correct ✓&lt;/b&gt;. The digit is kept in My digits and the canvas is cleared for the next one. &lt;b&gt;Adapt…&lt;/b&gt; goes to My digits and adapts the model to the digits kept.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;All 70,000 MNIST digits (60,000 for training, 10,000 for testing). Choose the &lt;b&gt;Split&lt;/b&gt; and the &lt;b&gt;Label&lt;/b&gt;, or type an &lt;b&gt;Index&lt;/b&gt; and press &lt;b&gt;Go&lt;/b&gt;. Click a digit to see it enlarged with its label and what the model in use reads in it; &lt;b&gt;Send to Draw&lt;/b&gt; puts it on the Draw tab&apos;s canvas. Without MNIST the tab offers &lt;b&gt;Download MNIST&lt;/b&gt; or &lt;b&gt;Choose folder…&lt;/b&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Train a network of your own. Pick a &lt;b&gt;Preset&lt;/b&gt; (Quick, Tutorial, Best) or set the network, epochs, batch size, learning rate and the rest yourself, then press &lt;b&gt;Start training&lt;/b&gt;: the loss and accuracy curves draw themselves as it learns. &lt;b&gt;Stop&lt;/b&gt; keeps the weights trained so far. Every run is listed under &lt;i&gt;Runs this session&lt;/i&gt;: select one to show its curves, two to compare them. &lt;b&gt;Use this model&lt;/b&gt; makes a run&apos;s network the one every tab uses; &lt;b&gt;Save as…&lt;/b&gt; writes it to a file. Closing the app asks about runs never saved.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The model in use reads the 10,000 test digits, and the tab shows its accuracy and a confusion matrix (rows: the true digit, columns: the digit read). Click a cell, one of the most frequent confusions, or &lt;b&gt;All errors&lt;/b&gt; to list those digits, most confident first or last. Click one to see it enlarged with its three likeliest digits and the evidence for the digit read against the true one; &lt;b&gt;Send to Draw&lt;/b&gt; puts it on the canvas. &lt;b&gt;PNG…&lt;/b&gt; and &lt;b&gt;CSV…&lt;/b&gt; save the list.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The digits you kept from the Draw tab, each with its label and what the model in use reads. Select digits to relabel them (&lt;b&gt;Relabel as&lt;/b&gt; a digit) or &lt;b&gt;Delete&lt;/b&gt; them (&lt;b&gt;Undo&lt;/b&gt; takes the last change back); &lt;b&gt;Export…&lt;/b&gt; saves the collection to a file, &lt;b&gt;Import…&lt;/b&gt; adds one. From 10 digits on, &lt;b&gt;Adapt to my handwriting&lt;/b&gt; fine-tunes a copy of the model on them, mixed with MNIST so that it does not forget, says how much better (or worse) the copy reads your digits and MNIST&apos;s, and offers to use it. &lt;b&gt;Use the original model&lt;/b&gt; goes back.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;ul&gt;&lt;li&gt;&lt;b&gt;One digit at a time.&lt;/b&gt; Everything on the canvas is read as one digit; clear it (Delete or Esc) before the next.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Large, filling most of the square.&lt;/b&gt; Big strokes keep their shape; a tiny digit drawn with a mouse comes out jagged.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Where you draw it and how thick the strokes are matter little.&lt;/b&gt; With &lt;b&gt;MNIST-style preparation&lt;/b&gt; on (under the 28×28 picture), the app prepares your drawing the way MNIST&apos;s digits were made: it crops to the ink, scales the digit into a 20×20 box, centres it by its mass in 28×28, and redraws the strokes as thick, for the digit&apos;s size, as MNIST&apos;s. Turned off, the whole canvas is simply shrunk to 28×28, and a small or off-centre digit reads badly. &lt;i&gt;What the network sees&lt;/i&gt; shows the result either way.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Write it as on paper, upright.&lt;/b&gt; Close the loops of 0, 6, 8 and 9, and join the strokes that meet. MNIST was written by American census staff and students: a 1 as one plain stroke and a 7 without a bar read most surely; other styles usually work, and teaching it your own (My digits) helps where they do not.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Pictures&lt;/b&gt; (Open, drop, paste): one digit, dark on light or light on dark, cut roughly to the digit. Bold or thin pen strokes are brought to MNIST&apos;s thickness.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;“97.3% sure” is the probability the network gives the digit it reads; the ten bars share 100% between the digits. It is how sure the network is, not how often it is right: a network can be sure and wrong (the Errors tab lists such digits first). A low value, or two long bars, means the drawing looks like both digits: draw it again more clearly, or press the right digit to keep it in My digits.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;{guide} opens this guide. {next} and {previous} (or {next2} and {previous2}) go to the next and the previous tab. &lt;b&gt;Help ▸ Keyboard shortcuts&lt;/b&gt; lists every key.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeepRow</name>
    <message>
        <source>Teach it your handwriting: it is really a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prediction is right: keep this digit in My digits (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is a %1: keep it in My digits with this label (key %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the digit in My digits as this digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the digit in My digits as read (Correct ✓)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapt the model to the digits you kept (My digits tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw or open a digit first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No prediction to confirm yet: press the right digit instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept digit {i} of the number as a {label} — My digits: {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept as a {label} — My digits: {total} ({n} of {label})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogBox</name>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MNIST not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading MNIST…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Load model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the &amp;bundled model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose &amp;MNIST folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras models (*.keras);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

The model in use stays active: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder with the MNIST files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw digits and see what a convolutional network thinks; train your own network and walk through the digits it gets wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Data licences.&lt;/b&gt; MNIST database by Y. LeCun, C. Cortes and C. J. C. Burges, CC BY-SA 3.0. Pen-Based Recognition of Handwritten Digits, E. Alpaydin and F. Alimoglu, UCI Machine Learning Repository, CC BY 4.0 (sample drawings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MNIST: %1 train + %2 test digits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MissingDataPanel</name>
    <message>
        <source>MNIST not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MNIST handwritten digits (60,000 training and 10,000 test images) are needed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The MNIST handwritten digits (60,000 training and 10,000 test images) are needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download them (about %1 MB, verified against its SHA-256 checksum) or choose a folder that holds &lt;i&gt;mnist.npz&lt;/i&gt; or the four original IDX files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IDX files: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each may be .gz)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download MNIST</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder with the MNIST files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading MNIST…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading MNIST…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MNIST loaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyDigitsModel</name>
    <message>
        <source>, the model reads %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyDigitsStore</name>
    <message>
        <source>Could not save My digits ({0}); nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyDigitsTab</name>
    <message>
        <source>Relabel as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last change (add, relabel, delete, import)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapt to my handwriting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the original model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Adapting on your {n} digits (digits kept now count next time).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapt will fine-tune a copy of the model on your {n} digits, mixed with MNIST so it does not forget, and check it on digits held out of it; your model is not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) relabelled as %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) deleted (Undo brings them back).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export my digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digit strokes (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export to %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) exported to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Import digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digit strokes (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) imported from %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NumberStrip</name>
    <message>
        <source>The number as read; select it or press Copy to use it elsewhere</source>
        <extracomment>Tag colours on the canvas and the tiles: a digit, an unsure one, one that is not a digit.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the number to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digit %1 of the number: show its probabilities and evidence (or right-click its box on the canvas)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PictureSource</name>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a picture of a digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot use this picture</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine decay (with warm-up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One-cycle (rise, then fall)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick (under a minute, 99.2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A LeNet-like network with batch norm: 3 epochs on all 60,000 digits, one-cycle learning rate. Measured here (2-core CPU, benchmarks/time_to_accuracy.py, from Start): 99.0% test accuracy after 27-36 s, 99.16% at the end of the run (45-51 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tutorial (exact)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The classic Keras tutorial unchanged: its network, Adam 0.001, batch 32, 3 epochs on all 60,000 digits. Measured here: 97.7% after 26 s, 98.08% at the end (89 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best (99.6% in under 10 min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wide LeNet-like network with a dense layer: 15 epochs on all 60,000 digits, half of every batch distorted (rotation, slant, aspect, elastic), one-cycle learning rate. Measured here: 99.6% test accuracy after 508 s (epoch 14), 99.61% at the end (545 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <source>no prediction</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting: handing the digits to the training process…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating on %1 test digits…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validating epoch %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss %1 · accuracy %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 digits/s · about %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>measuring speed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training: %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultBox</name>
    <message>
        <source>Trained model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No trained model yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make this run&apos;s model the app&apos;s model (the Draw tab and the others switch to it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this run&apos;s model (.keras) with its model card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped after %1 of %2 epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Test accuracy of run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test accuracy not measured of run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, %3, %4 training digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trained %1 (run %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1&apos;s model is now the app&apos;s model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras model (*.keras)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved run %1&apos;s model to %2 (card: %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aug.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Val. acc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test acc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a run to show its curves; select two to compare them (the older one dashed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes over the training digits (1 to 1000)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits per gradient step (1 to 8192); the arrows step through powers of two</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam learning rate (0.00001 to 1); the arrows step 1, 2, 3, 5, 10, …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the training digits held out to validate after every epoch (0 to 50 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random small rotations, zooms and shifts of the training digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random seed for a repeatable run; &apos;random&apos; (below 0) for a different run each time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on the first N training digits only (a quicker, less accurate run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of 60,000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish the current batch and keep the weights trained so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 batches of %3 on %4 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, validating on %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsWindow</name>
    <message>
        <source>Next tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <source>to train a network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready: {train} training and {test} test digits from {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading another data set failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {n}: {arch}, {epochs} epoch(s), batch {batch}, learning rate {lr} ({schedule}), validation {val}, augmentation {aug}, seed {seed}, {digits} training digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training on the first {0} of {1} digits: expect a lower accuracy than with all of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop requested: finishing the current batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Closing without saving %n trained model(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close?

The model trained so far will be lost unless you keep the window open, stop the run and save the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training run is still stopping. Try closing again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {0}, epoch {1}: test accuracy {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>val. loss {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>val. accuracy {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {0}, epoch {1}/{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (stopped part-way)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; {0} elapsed, {1} digits/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped after {0} epoch(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>finished %n epoch(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>test accuracy {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {0} {1} in {2} ({3} digits/s); {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {0} {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {0} failed: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training run failed:

{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {0}&apos;s model: test accuracy {1} (measured by the Errors tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load MNIST first (see the panel at the top)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cross-entropy (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>correct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>curves appear here
when training starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train, per batch (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train, epoch mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train (dashed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnsavedRuns</name>
    <message>
        <source>accuracy not measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (the model in use)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A trained model of this session was never saved. Save it before closing?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n trained models of this session were never saved. Save them before closing?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing removes the training runs&apos; folders: an unsaved model is gone for good.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save each…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_ErrorBridge</name>
    <message>
        <source>%1 - unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong: %1

The app keeps running. Details were written to %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>architectures</name>
    <message>
        <source>Default (best)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch-normalised VGG-style CNN with dropout, augmentation and cosine learning rate; ~99.6%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Robust (bundled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The default network with a second 128-filter stage, as trained for the bundled model (mnist-gui train --recipe bundled: MNIST plus pen digits, style augmentation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tutorial (original)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The classic Keras tutorial: Conv 64, Conv 32, Flatten, Dense 10; Adam, batch 32, 3 epochs; ~97.7%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick (LeNet-like, batch norm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two 5x5 conv-BN stages of 16 and 32 filters with pooling and dropout (29 k parameters); with a one-cycle learning rate, 99.2% after three epochs in well under a minute on a CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LeNet-like, wide (batch norm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two 5x5 conv-BN stages of 32 and 64 filters with pooling, a dense layer of 128 and dropout (0.45 M parameters); trained with augmentation and a one-cycle learning rate (the Best preset).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small (quick)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two small conv+pool stages: trains in about a minute on a CPU; ~98.5%.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dataset_tab</name>
    <message>
        <source>MNIST — Dataset</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>%1 · test accuracy %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>most confident first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>least confident first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · first %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>imageio</name>
    <message>
        <source>{path}: this file is not a picture the app can open ({formats})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: picture of {w}x{h} pixels is too large (limit {mp} MP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: cannot decode the picture ({error})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the pasted picture is too large</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
