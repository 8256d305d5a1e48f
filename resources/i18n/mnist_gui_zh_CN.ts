<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdaptResultBox</name>
    <message>
        <source>Adapted to your handwriting</source>
        <translation>已适应你的笔迹</translation>
    </message>
    <message>
        <source>Use the adapted model</source>
        <translation>使用适应后的模型</translation>
    </message>
    <message>
        <source>Keep the current model</source>
        <translation>保留当前模型</translation>
    </message>
    <message>
        <source>The adapted model is worse on MNIST: {before}&#xa0;→&#xa0;{after} ({ratio}× the errors).</source>
        <translation>适应后的模型在 MNIST 上更差：{before}&#xa0;→&#xa0;{after}（错误数为原来的 {ratio} 倍）。</translation>
    </message>
    <message>
        <source>The adapted model is worse on MNIST: {before}&#xa0;→&#xa0;{after}.</source>
        <translation>适应后的模型在 MNIST 上更差：{before}&#xa0;→&#xa0;{after}。</translation>
    </message>
    <message>
        <source>It reads your held-out digits worse: {before}&#xa0;→&#xa0;{after}.</source>
        <translation>它识别你留出的数字更差了：{before}&#xa0;→&#xa0;{after}。</translation>
    </message>
    <message>
        <source>The adapted model reads your held-out digits better: {before}&#xa0;→&#xa0;{after}.</source>
        <translation>适应后的模型识别你留出的数字更好：{before}&#xa0;→&#xa0;{after}。</translation>
    </message>
    <message>
        <source>The adapted model reads your held-out digits no better than before ({before}).</source>
        <translation>适应后的模型识别你留出的数字并不比以前好（{before}）。</translation>
    </message>
    <message>
        <source>Use the adapted model now?</source>
        <translation>现在使用适应后的模型吗？</translation>
    </message>
    <message>
        <source>Keep the current model?</source>
        <translation>保留当前模型吗？</translation>
    </message>
    <message>
        <source>Adapted on your {n} digits in {s} s.</source>
        <translation>已用你的 {n} 个数字完成适应，用时 {s} 秒。</translation>
    </message>
    <message>
        <source>Your digits, each scored by a copy that never saw it: {before} read right before, {after} after.</source>
        <translation>你的数字（每个都由从未见过它的副本评分）：适应前识别正确 {before}，适应后 {after}。</translation>
    </message>
    <message>
        <source>MNIST test set: {before} before, {after} after.</source>
        <translation>MNIST 测试集：适应前 {before}，适应后 {after}。</translation>
    </message>
    <message>
        <source>With few digits an adaptation easily overfits them: keep more digits and try again.</source>
        <translation>数字太少时，适应很容易过拟合：请保存更多数字后再试。</translation>
    </message>
    <message>
        <source>Saved as {name} (your original model is unchanged).</source>
        <translation>已保存为 {name}（原模型保持不变）。</translation>
    </message>
</context>
<context>
    <name>Adapter</name>
    <message>
        <source>An adaptation is already running.</source>
        <translation>已有一次适应正在进行。</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>模型仍在加载。</translation>
    </message>
    <message>
        <source>No model is loaded: load one first.</source>
        <translation>尚未加载模型：请先加载一个模型。</translation>
    </message>
    <message>
        <source>MNIST is still loading (adapting mixes in its training digits so the model does not forget them).</source>
        <translation>MNIST 仍在加载（适应时会混入其训练集数字，使模型不会遗忘它们）。</translation>
    </message>
    <message>
        <source>Adapting needs the MNIST training digits (so the model does not forget them): load MNIST first.</source>
        <translation>适应需要 MNIST 训练集数字（使模型不会遗忘它们）：请先加载 MNIST。</translation>
    </message>
    <message>
        <source>Add at least {min} digits (you have {n}): keep or correct digits in the Draw tab.</source>
        <translation>请至少添加 {min} 个数字（你现有 {n} 个）：在“手写”标签页中保存或纠正数字。</translation>
    </message>
    <message>
        <source>Stopped: the model was not changed.</source>
        <translation>已停止：模型未被更改。</translation>
    </message>
    <message>
        <source>Adaptation failed: {0}</source>
        <translation>适应失败：{0}</translation>
    </message>
</context>
<context>
    <name>AppState</name>
    <message>
        <source>bundled default model</source>
        <translation>内置默认模型</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>architecture &apos;{0}&apos;</source>
        <translation>架构“{0}”</translation>
    </message>
    <message>
        <source>test accuracy {0}</source>
        <translation>测试准确率 {0}</translation>
    </message>
    <message>
        <source>test accuracy unknown</source>
        <translation>测试准确率未知</translation>
    </message>
    <message>
        <source>MNIST was not found (no folder chosen, MNIST_DIR unset, nothing in {0})</source>
        <translation>未找到 MNIST（未选择文件夹，未设置 MNIST_DIR，{0} 中也没有）</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixWidget</name>
    <message>
        <source>No evaluation yet</source>
        <translation>尚未评估</translation>
    </message>
    <message>
        <source> (%1 of the %2 %3s)</source>
        <translation>（占全部 %2 个 %3 的 %1）</translation>
    </message>
    <message>
        <source>True %1, predicted %2: %3 correct</source>
        <translation>真实 %1，预测 %2：%3 个正确</translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n digit(s)</source>
        <translation>
            <numerusform>真实 %1，预测 %2：%n 个数字</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to list them</source>
        <translation>点击列出这些数字</translation>
    </message>
    <message>
        <source>Predicted label</source>
        <translation>预测标签</translation>
    </message>
    <message>
        <source>True label</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>ConfusionsPanel</name>
    <message>
        <source>All errors</source>
        <translation>全部错误</translation>
    </message>
    <message>
        <source>List every misclassified test digit</source>
        <translation>列出所有被错误分类的测试数字</translation>
    </message>
    <message>
        <source>Rows: true label · columns: prediction. Click a cell to list its digits.</source>
        <translation>行：真实标签 · 列：预测。点击单元格列出其中的数字。</translation>
    </message>
    <message>
        <source>Most frequent:</source>
        <translation>最常见：</translation>
    </message>
    <message numerus="yes">
        <source>True %1 predicted as %2: %n digit(s)</source>
        <translation>
            <numerusform>真实 %1 被预测为 %2：%n 个数字</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatasetTab</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Index of the digit within the chosen split (with All: train 0–59,999, then test 60,000–69,999)</source>
        <translation>数字在所选子集中的序号（选“全部”时：训练集 0–59,999，其后测试集 60,000–69,999）</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>转到</translation>
    </message>
    <message>
        <source>Show and select the digit with this index</source>
        <translation>显示并选中该序号的数字</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>子集</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Select a digit to see it enlarged</source>
        <translation>选择一个数字以查看放大图</translation>
    </message>
    <message>
        <source>No digit selected</source>
        <translation>未选择数字</translation>
    </message>
    <message>
        <source>Send to Draw</source>
        <translation>发送到“手写”</translation>
    </message>
    <message>
        <source>Put this digit on the Draw tab&apos;s canvas</source>
        <translation>把这个数字放到“手写”标签页的画布上</translation>
    </message>
    <message>
        <source>Red pixels push the network toward its prediction, blue ones toward the runner-up;
click a probability bar for another digit</source>
        <translation>红色像素把网络推向它的预测，蓝色像素推向第二可能的数字；
点击概率条可查看其他数字</translation>
    </message>
    <message>
        <source>to browse the digits</source>
        <translation>才能浏览数字</translation>
    </message>
    <message>
        <source>All labels (%1)</source>
        <translation>全部标签（%1）</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>train + test</source>
        <translation>训练集 + 测试集</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s)</source>
        <translation>
            <numerusform>%n 个数字</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Train #%1</source>
        <translation>训练集 #%1</translation>
    </message>
    <message>
        <source>Test #%1</source>
        <translation>测试集 #%1</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>No model loaded: no prediction.</source>
        <translation>未加载模型：没有预测。</translation>
    </message>
    <message>
        <source>Prediction failed: %1</source>
        <translation>预测失败：%1</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Model says %1 (%2) — %3</source>
        <translation>模型认为是 %1（%2）— %3</translation>
    </message>
    <message>
        <source>Select a digit</source>
        <translation>请选择一个数字</translation>
    </message>
</context>
<context>
    <name>DigitDetail</name>
    <message>
        <source>Select a digit in the list</source>
        <translation>请在列表中选择一个数字</translation>
    </message>
    <message>
        <source>No digit selected</source>
        <translation>未选择数字</translation>
    </message>
    <message>
        <source>Send to Draw</source>
        <translation>发送到“手写”</translation>
    </message>
    <message>
        <source>Put this digit on the Draw tab&apos;s canvas</source>
        <translation>把这个数字放到“手写”标签页的画布上</translation>
    </message>
    <message>
        <source>Top 3 probabilities</source>
        <translation>概率最高的 3 个</translation>
    </message>
    <message>
        <source>Red pixels push the network toward its prediction, blue ones toward the runner-up
(for a wrong prediction: why this and not the true digit?);
click a bar for another digit</source>
        <translation>红色像素把网络推向它的预测，蓝色像素推向第二可能的数字
（对于错误的预测：为什么是这个而不是真实数字？）；
点击概率条可查看其他数字</translation>
    </message>
    <message>
        <source>Test #%1</source>
        <translation>测试集 #%1</translation>
    </message>
    <message>
        <source>True %1 · predicted %2 (%3)</source>
        <translation>真实 %1 · 预测 %2（%3）</translation>
    </message>
    <message>
        <source>Select a digit</source>
        <translation>请选择一个数字</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source> (true)</source>
        <translation>（真实数字）</translation>
    </message>
</context>
<context>
    <name>DigitListModel</name>
    <message>
        <source>Train #%1: label %2</source>
        <translation>训练集 #%1：标签 %2</translation>
    </message>
    <message>
        <source>Test #%1: label %2</source>
        <translation>测试集 #%1：标签 %2</translation>
    </message>
    <message>
        <source>, predicted %1</source>
        <translation>，预测 %1</translation>
    </message>
</context>
<context>
    <name>DigitView</name>
    <message>
        <source>Select a digit</source>
        <translation>请选择一个数字</translation>
    </message>
</context>
<context>
    <name>DrawNumbers</name>
    <message>
        <source>Write several digits side by side: the number appears here</source>
        <translation>多位数显示在这里</translation>
    </message>
    <message>
        <source>%1 digits, all of them right with probability %2</source>
        <translation>%1 个数字，全部正确的概率为 %2</translation>
    </message>
    <message>
        <source> · %1 unsure or not a digit (orange, red)</source>
        <translation> · %1 个不确定或不是数字（橙色、红色）</translation>
    </message>
</context>
<context>
    <name>DrawTab</name>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <source>Clear the canvas (Delete / Esc)</source>
        <translation>清除画布（Delete / Esc）</translation>
    </message>
    <message>
        <source>Undo the last stroke or opened picture (Ctrl+Z)</source>
        <translation>撤销上一笔或打开的图片（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>Classify a picture of a digit (Ctrl+O); you can also drop or paste one</source>
        <translation>识别一张数字图片（Ctrl+O）；也可以拖放或粘贴图片</translation>
    </message>
    <message>
        <source>Undo the last stroke</source>
        <translation>撤销上一笔</translation>
    </message>
    <message>
        <source>Clear the canvas</source>
        <translation>清除画布</translation>
    </message>
    <message>
        <source>Paste a picture of a digit</source>
        <translation>粘贴一张数字图片</translation>
    </message>
    <message>
        <source>MNIST-style preparation</source>
        <translation>MNIST 式预处理</translation>
    </message>
    <message>
        <source>Crop to the ink, scale into 20x20, centre by mass in 28x28 - as MNIST was made -
with strokes as thick, for the digit&apos;s size, as MNIST&apos;s.
Off: the whole canvas is simply shrunk to 28x28.</source>
        <translation>裁剪到笔迹，缩放到 20x20，按质心居中放入 28x28——与 MNIST 的制作方式相同——
并按数字大小把笔画粗细调整为与 MNIST 一致。
关闭：整个画布直接缩小为 28x28。</translation>
    </message>
    <message>
        <source>Refuse what is not a digit</source>
        <translation>拒识非数字</translation>
    </message>
    <message>
        <source>Say “Not a digit” for letters and scribbles, and “unsure” when two digits are close,
instead of always naming the most probable digit. The threshold is in the model&apos;s card.</source>
        <translation>对字母和涂鸦回答“不是数字”，两个数字接近时回答“不确定”，
而不总是给出最可能的数字。阈值记录在模型卡片中。</translation>
    </message>
    <message>
        <source>Write a digit or a whole number with the mouse or a pen; each digit gets a box (right-click one to look at it). Drop or paste a picture to read it; what you draw then goes on top of it.</source>
        <translation>用鼠标或手写笔写一个数字或一个多位数；每个数字都有一个方框（右键点击方框可查看它）。拖放或粘贴图片即可识别；之后所画的笔画会叠加在图片上。</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>请写一个数字</translation>
    </message>
    <message>
        <source>The 28x28 picture the network actually receives</source>
        <translation>网络实际接收到的 28x28 图像</translation>
    </message>
    <message>
        <source>Evidence map (integrated gradients): red pixels push the network toward
the first digit, blue ones toward the second. Click a probability bar
to see the evidence for that digit.</source>
        <translation>证据图（积分梯度）：红色像素把网络推向
第一个数字，蓝色像素推向第二个数字。点击概率条
可查看该数字的证据。</translation>
    </message>
    <message>
        <source>Why? Show the evidence</source>
        <translation>为什么？显示证据</translation>
    </message>
    <message>
        <source>Colour the pixels by how much they push toward the prediction (red)
or toward the runner-up (blue)</source>
        <translation>按像素推向预测（红色）
或推向第二可能数字（蓝色）的程度着色</translation>
    </message>
    <message>
        <source>For the prediction</source>
        <translation>针对预测</translation>
    </message>
    <message>
        <source>Show the evidence for the predicted digit again</source>
        <translation>重新显示预测数字的证据</translation>
    </message>
    <message>
        <source>Feature maps…</source>
        <translation>特征图…</translation>
    </message>
    <message>
        <source>What every convolution layer of the network responds to, for this digit</source>
        <translation>对这个数字，网络每个卷积层的响应</translation>
    </message>
    <message>
        <source>Click a digit&apos;s bar to see the evidence for it</source>
        <translation>点击某个数字的概率条以查看它的证据</translation>
    </message>
    <message>
        <source>Probability of each digit</source>
        <translation>各数字的概率</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#7c3aed&apos;&gt;Adapted to your handwriting&lt;/b&gt; (%1 digits, from %2)</source>
        <translation>&lt;b style=&apos;color:#7c3aed&apos;&gt;已适应你的笔迹&lt;/b&gt;（%1 个数字，基于 %2）</translation>
    </message>
    <message>
        <source>a model</source>
        <translation>某个模型</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Ready to draw • the full model (evidence maps, feature maps) is still loading…</source>
        <translation>可以开始书写 • 完整模型（证据图、特征图）仍在加载…</translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>Digit %1 of %2: %3</source>
        <translation>第 %1 位（共 %2 位）：%3</translation>
    </message>
    <message>
        <source>No digit found</source>
        <translation>未找到数字</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>Not a
digit</source>
        <translation>不是
数字</translation>
    </message>
    <message>
        <source>Looks most like a %1 (%2), too little to be one</source>
        <translation>最像 %1（%2），但不足以认定</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 或 %2</translation>
    </message>
    <message>
        <source>Unsure: %1 (%2) or %3 (%4)</source>
        <translation>不确定：%1（%2）或 %3（%4）</translation>
    </message>
    <message>
        <source>%1 sure</source>
        <translation>置信度 %1</translation>
    </message>
    <message>
        <source>Where the evidence is (28×28)</source>
        <translation>证据所在位置（28×28）</translation>
    </message>
    <message>
        <source>What the network sees (28×28)</source>
        <translation>网络看到的图像（28×28）</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Draw a digit with the mouse or a pen. Delete/Esc clears, Ctrl+Z undoes.</source>
        <translation>用鼠标或手写笔写一个数字。Delete/Esc 清除，Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation>在这里写一个数字</translation>
    </message>
    <message>
        <source>Write a digit or a number here</source>
        <translation>在这里写一个数字或多位数</translation>
    </message>
</context>
<context>
    <name>ErrorsTab</name>
    <message>
        <source>Evaluating on the test digits… %p%</source>
        <translation>正在测试集上评估… %p%</translation>
    </message>
    <message>
        <source>Nothing listed</source>
        <translation>未列出任何数字</translation>
    </message>
    <message>
        <source>Most confident first</source>
        <translation>置信度高的在前</translation>
    </message>
    <message>
        <source>Least confident first</source>
        <translation>置信度低的在前</translation>
    </message>
    <message>
        <source>Order by the network&apos;s confidence in its prediction</source>
        <translation>按网络对其预测的置信度排序</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Save the listed digits as a contact sheet (PNG)</source>
        <translation>将列出的数字保存为缩略图总览（PNG）</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Save the listed digits with all ten probabilities (CSV)</source>
        <translation>保存列出的数字及其全部十个概率（CSV）</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>to evaluate the model on its test digits</source>
        <translation>才能在测试集上评估模型</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No model is active&lt;/h3&gt;&lt;p&gt;Load a model or train one on the Train tab; its accuracy on the 10,000 test digits and its mistakes will appear here.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;没有正在使用的模型&lt;/h3&gt;&lt;p&gt;请加载一个模型，或在“训练”标签页中训练一个；它在 10,000 个测试数字上的准确率和错误将显示在这里。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>All errors</source>
        <translation>全部错误</translation>
    </message>
    <message>
        <source>Accuracy %1</source>
        <translation>准确率 %1</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>该模型</translation>
    </message>
    <message>
        <source>%1 on %2 test digits</source>
        <translation>%1 在 %2 个测试数字上</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <source>All errors (%1)</source>
        <translation>全部错误（%1）</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation>评估失败</translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s)</source>
        <translation>
            <numerusform>%n 个数字</numerusform>
        </translation>
    </message>
    <message>
        <source>Correctly classified %1s</source>
        <translation>被正确分类的 %1</translation>
    </message>
    <message>
        <source>True %1 predicted as %2</source>
        <translation>真实 %1 被预测为 %2</translation>
    </message>
    <message>
        <source>Save contact sheet</source>
        <translation>保存缩略图总览</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>the contact sheet</source>
        <translation>缩略图总览</translation>
    </message>
    <message>
        <source>Save as CSV</source>
        <translation>另存为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>the CSV file</source>
        <translation>CSV 文件</translation>
    </message>
</context>
<context>
    <name>EvidenceSection</name>
    <message>
        <source>Why? Evidence map</source>
        <translation>为什么？证据图</translation>
    </message>
</context>
<context>
    <name>EvidenceView</name>
    <message>
        <source>Draw a digit</source>
        <translation>请写一个数字</translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>No digit</source>
        <translation>没有数字</translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation>尚无模型</translation>
    </message>
    <message>
        <source>No evidence map: %1</source>
        <translation>无法生成证据图：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;blue&lt;/b&gt;: for %1</source>
        <translation>&lt;b&gt;蓝色&lt;/b&gt;：支持 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;red&lt;/b&gt;: for %1</source>
        <translation>&lt;b&gt;红色&lt;/b&gt;：支持 %1</translation>
    </message>
</context>
<context>
    <name>FeatureMapsPanel</name>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Draw a digit to see what each layer detects.</source>
        <translation>写一个数字，查看每一层检测到了什么。</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <source>No feature maps: %1</source>
        <translation>无法生成特征图：%1</translation>
    </message>
    <message>
        <source>Each small square is one filter&apos;s response (bright: strong); later layers see larger, more abstract parts of the digit.</source>
        <translation>每个小方块是一个滤波器的响应（越亮越强）；越靠后的层看到的是数字中更大、更抽象的部分。</translation>
    </message>
    <message>
        <source>First layer&apos;s filters (%1, %2 of them)</source>
        <translation>第一层的滤波器（%1，共 %2 个）</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <source>Guide — {app}</source>
        <translation>使用指南 — {app}</translation>
    </message>
    <message>
        <source>Keyboard shortcuts…</source>
        <translation>键盘快捷键…</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <source>The tabs</source>
        <translation>各标签页</translation>
    </message>
    <message>
        <source>Writing a digit that reads well</source>
        <translation>怎样写出容易识别的数字</translation>
    </message>
    <message>
        <source>What the confidence means</source>
        <translation>置信度的含义</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>&lt;p&gt;Draw a digit and a convolutional network trained on MNIST reads it as you draw. You can also browse the MNIST digits, train your own network, see where a network goes wrong, and teach it your handwriting. Each tab below does one of these; the status bar shows the model in use and the MNIST data.&lt;/p&gt;</source>
        <translation>&lt;p&gt;写一个数字，一个在 MNIST 上训练的卷积神经网络会在你书写的同时识别它。你还可以浏览 MNIST 数字、训练自己的网络、查看网络在哪里出错，并让它学习你的笔迹。下面每个标签页负责其中一项；状态栏显示正在使用的模型和 MNIST 数据。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Draw one digit on the square with the mouse or a pen: the prediction updates while you draw. On the right: the digit read, how sure the network is, a bar for each of the ten digits, and &lt;b&gt;What the network sees&lt;/b&gt; (the 28×28 picture it gets). &lt;b&gt;Clear&lt;/b&gt;, &lt;b&gt;Undo&lt;/b&gt; and &lt;b&gt;Redo&lt;/b&gt; work stroke by stroke; &lt;b&gt;Open image…&lt;/b&gt; reads a photo or scan of a digit, and you can also drop or paste one.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Why? Show the evidence&lt;/b&gt; colours the pixels that push toward the prediction (red) or the runner-up (blue); click a probability bar to see the evidence for that digit. &lt;b&gt;Feature maps…&lt;/b&gt; shows what each convolution layer responds to.&lt;/p&gt;&lt;p&gt;Under the canvas, &lt;i&gt;Teach it your handwriting&lt;/i&gt;: if the reading is wrong, press the right digit (0–9); if it is right, press &lt;b&gt;Correct ✓&lt;/b&gt;. The digit is kept in My digits and the canvas is cleared for the next one. &lt;b&gt;Adapt…&lt;/b&gt; goes to My digits and adapts the model to the digits kept.&lt;/p&gt;</source>
        <translation>&lt;p&gt;用鼠标或手写笔在方框里写一个数字：预测会在书写过程中实时更新。右侧显示：识别出的数字、网络的置信度、十个数字各自的概率条，以及&lt;b&gt;网络看到的图像&lt;/b&gt;（它得到的 28×28 图像）。&lt;b&gt;清除&lt;/b&gt;、&lt;b&gt;撤销&lt;/b&gt;和&lt;b&gt;重做&lt;/b&gt;按笔画进行；&lt;b&gt;打开图片…&lt;/b&gt;可识别数字的照片或扫描件，也可以直接拖放或粘贴图片。&lt;/p&gt;&lt;p&gt;&lt;b&gt;为什么？显示证据&lt;/b&gt;会给推向预测（红色）或推向第二可能数字（蓝色）的像素着色；点击概率条可查看该数字的证据。&lt;b&gt;特征图…&lt;/b&gt;显示每个卷积层对什么有响应。&lt;/p&gt;&lt;p&gt;画布下方的&lt;i&gt;教它认识你的笔迹&lt;/i&gt;：如果识别错了，按下正确的数字（0–9）；如果识别对了，按&lt;b&gt;正确 ✓&lt;/b&gt;。该数字会保存到“我的数字”，画布随即清空以便书写下一个。&lt;b&gt;适应…&lt;/b&gt;会转到“我的数字”，让模型适应已保存的数字。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;All 70,000 MNIST digits (60,000 for training, 10,000 for testing). Choose the &lt;b&gt;Split&lt;/b&gt; and the &lt;b&gt;Label&lt;/b&gt;, or type an &lt;b&gt;Index&lt;/b&gt; and press &lt;b&gt;Go&lt;/b&gt;. Click a digit to see it enlarged with its label and what the model in use reads in it; &lt;b&gt;Send to Draw&lt;/b&gt; puts it on the Draw tab&apos;s canvas. Without MNIST the tab offers &lt;b&gt;Download MNIST&lt;/b&gt; or &lt;b&gt;Choose folder…&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;全部 70,000 个 MNIST 数字（训练集 60,000 个，测试集 10,000 个）。选择&lt;b&gt;子集&lt;/b&gt;和&lt;b&gt;标签&lt;/b&gt;，或输入&lt;b&gt;序号&lt;/b&gt;后按&lt;b&gt;转到&lt;/b&gt;。点击一个数字可查看放大图、它的标签以及当前模型的识别结果；&lt;b&gt;发送到“手写”&lt;/b&gt;会把它放到“手写”标签页的画布上。没有 MNIST 时，此标签页提供&lt;b&gt;下载 MNIST&lt;/b&gt;或&lt;b&gt;选择文件夹…&lt;/b&gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Train a network of your own. Pick a &lt;b&gt;Preset&lt;/b&gt; (Quick, Tutorial, Best) or set the network, epochs, batch size, learning rate and the rest yourself, then press &lt;b&gt;Start training&lt;/b&gt;: the loss and accuracy curves draw themselves as it learns. &lt;b&gt;Stop&lt;/b&gt; keeps the weights trained so far. Every run is listed under &lt;i&gt;Runs this session&lt;/i&gt;: select one to show its curves, two to compare them. &lt;b&gt;Use this model&lt;/b&gt; makes a run&apos;s network the one every tab uses; &lt;b&gt;Save as…&lt;/b&gt; writes it to a file. Closing the app asks about runs never saved.&lt;/p&gt;</source>
        <translation>&lt;p&gt;训练你自己的网络。选择一个&lt;b&gt;预设&lt;/b&gt;（快速、教程、最佳），或自行设置网络、训练轮数、批大小、学习率等，然后按&lt;b&gt;开始训练&lt;/b&gt;：损失和准确率曲线会随着学习过程自动绘制。&lt;b&gt;停止&lt;/b&gt;会保留到目前为止训练的权重。每次运行都列在&lt;i&gt;本次会话的运行&lt;/i&gt;中：选中一次运行显示其曲线，选中两次可进行比较。&lt;b&gt;使用此模型&lt;/b&gt;让所有标签页都使用该次运行的网络；&lt;b&gt;另存为…&lt;/b&gt;把它写入文件。关闭程序时会询问从未保存的运行。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The model in use reads the 10,000 test digits, and the tab shows its accuracy and a confusion matrix (rows: the true digit, columns: the digit read). Click a cell, one of the most frequent confusions, or &lt;b&gt;All errors&lt;/b&gt; to list those digits, most confident first or last. Click one to see it enlarged with its three likeliest digits and the evidence for the digit read against the true one; &lt;b&gt;Send to Draw&lt;/b&gt; puts it on the canvas. &lt;b&gt;PNG…&lt;/b&gt; and &lt;b&gt;CSV…&lt;/b&gt; save the list.&lt;/p&gt;</source>
        <translation>&lt;p&gt;当前模型识别 10,000 个测试数字，此标签页显示它的准确率和混淆矩阵（行：真实数字，列：识别出的数字）。点击一个单元格、某个最常见的混淆，或&lt;b&gt;全部错误&lt;/b&gt;即可列出这些数字，可按置信度从高到低或从低到高排列。点击其中一个可查看放大图、最可能的三个数字，以及识别结果相对于真实数字的证据；&lt;b&gt;发送到“手写”&lt;/b&gt;会把它放到画布上。&lt;b&gt;PNG…&lt;/b&gt;和&lt;b&gt;CSV…&lt;/b&gt;用于保存列表。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The digits you kept from the Draw tab, each with its label and what the model in use reads. Select digits to relabel them (&lt;b&gt;Relabel as&lt;/b&gt; a digit) or &lt;b&gt;Delete&lt;/b&gt; them (&lt;b&gt;Undo&lt;/b&gt; takes the last change back); &lt;b&gt;Export…&lt;/b&gt; saves the collection to a file, &lt;b&gt;Import…&lt;/b&gt; adds one. From 10 digits on, &lt;b&gt;Adapt to my handwriting&lt;/b&gt; fine-tunes a copy of the model on them, mixed with MNIST so that it does not forget, says how much better (or worse) the copy reads your digits and MNIST&apos;s, and offers to use it. &lt;b&gt;Use the original model&lt;/b&gt; goes back.&lt;/p&gt;</source>
        <translation>&lt;p&gt;你在“手写”标签页中保存的数字，每个都带有标签和当前模型的识别结果。选中数字后可以重新标注（&lt;b&gt;重新标注为&lt;/b&gt;某个数字）或&lt;b&gt;删除&lt;/b&gt;（&lt;b&gt;撤销&lt;/b&gt;可撤回上一次更改）；&lt;b&gt;导出…&lt;/b&gt;把这些数字保存到文件，&lt;b&gt;导入…&lt;/b&gt;从文件添加。达到 10 个数字后，&lt;b&gt;适应我的笔迹&lt;/b&gt;会用它们微调模型的一个副本（混入 MNIST 数据以免遗忘），报告该副本识别你的数字和 MNIST 数字变好（或变差）了多少，并询问是否使用它。&lt;b&gt;使用原始模型&lt;/b&gt;可切换回去。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The 10,000 test digits laid out as the model in use sees them: digits that its last hidden layer finds alike lie close together, coloured by their true digit; misread ones are ringed in black. The map is made in the background the first time the tab is shown (&lt;b&gt;Stop&lt;/b&gt; stops it, &lt;b&gt;Compute map&lt;/b&gt; starts it again) and kept per model file, so it opens at once the next time. The wheel zooms, a right or middle drag pans, the pointer shows a digit&apos;s picture and reading, a click opens it beside the map with its evidence, and a left drag lists the digits in a rectangle. The digit on the Draw tab appears as a star, with its nearest test digits listed under the map. &lt;b&gt;Export PNG…&lt;/b&gt; and &lt;b&gt;Export CSV…&lt;/b&gt; save the map and its coordinates.&lt;/p&gt;</source>
        <translation>&lt;p&gt;按当前模型的视角排布的 10,000 个测试集数字：最后一个隐藏层认为相似的数字彼此靠近，按真实数字着色；识别错误的数字用黑圈标出。第一次打开本页时在后台生成数字地图（&lt;b&gt;停止&lt;/b&gt;可中止，&lt;b&gt;生成地图&lt;/b&gt;重新开始），并按模型文件缓存，下次打开即可立即显示。滚轮缩放，右键或中键拖动平移，鼠标悬停显示数字的图像和识别结果，单击在地图旁打开该数字及其证据图，左键拖动列出矩形内的数字。绘图页上的数字以星号显示，其最近的测试集数字列在地图下方。&lt;b&gt;导出 PNG…&lt;/b&gt; 和 &lt;b&gt;导出 CSV…&lt;/b&gt; 保存地图及其坐标。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;ul&gt;&lt;li&gt;&lt;b&gt;One digit at a time.&lt;/b&gt; Everything on the canvas is read as one digit; clear it (Delete or Esc) before the next.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Large, filling most of the square.&lt;/b&gt; Big strokes keep their shape; a tiny digit drawn with a mouse comes out jagged.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Where you draw it and how thick the strokes are matter little.&lt;/b&gt; With &lt;b&gt;MNIST-style preparation&lt;/b&gt; on (under the 28×28 picture), the app prepares your drawing the way MNIST&apos;s digits were made: it crops to the ink, scales the digit into a 20×20 box, centres it by its mass in 28×28, and redraws the strokes as thick, for the digit&apos;s size, as MNIST&apos;s. Turned off, the whole canvas is simply shrunk to 28×28, and a small or off-centre digit reads badly. &lt;i&gt;What the network sees&lt;/i&gt; shows the result either way.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Write it as on paper, upright.&lt;/b&gt; Close the loops of 0, 6, 8 and 9, and join the strokes that meet. MNIST was written by American census staff and students: a 1 as one plain stroke and a 7 without a bar read most surely; other styles usually work, and teaching it your own (My digits) helps where they do not.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Pictures&lt;/b&gt; (Open, drop, paste): one digit, dark on light or light on dark, cut roughly to the digit. Bold or thin pen strokes are brought to MNIST&apos;s thickness.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;ul&gt;&lt;li&gt;&lt;b&gt;一次一个数字。&lt;/b&gt;画布上的所有内容都被当作一个数字识别；写下一个之前请先清除（Delete 或 Esc）。&lt;/li&gt;&lt;li&gt;&lt;b&gt;写大一些，占满方框的大部分。&lt;/b&gt;大笔画能保持形状；用鼠标写的很小的数字会变得锯齿不平。&lt;/li&gt;&lt;li&gt;&lt;b&gt;写在哪里、笔画多粗都影响不大。&lt;/b&gt;开启&lt;b&gt;MNIST 式预处理&lt;/b&gt;（位于 28×28 图像下方）后，程序会按 MNIST 数字的制作方式处理你的书写：裁剪到笔迹，把数字缩放进 20×20 的方框，按质心居中放入 28×28，并按数字大小把笔画重绘成与 MNIST 相同的粗细。关闭后，整个画布直接缩小为 28×28，较小或偏离中心的数字会识别得很差。无论哪种方式，&lt;i&gt;网络看到的图像&lt;/i&gt;都会显示结果。&lt;/li&gt;&lt;li&gt;&lt;b&gt;像在纸上一样端正书写。&lt;/b&gt;把 0、6、8、9 的圈封闭，相接的笔画要连上。MNIST 由美国人口普查局职员和学生书写：1 写成一笔竖线、7 不加横杠时识别最可靠；其他写法通常也可以，若不行，可以让它学习你自己的写法（我的数字）。&lt;/li&gt;&lt;li&gt;&lt;b&gt;图片&lt;/b&gt;（打开、拖放、粘贴）：一个数字，浅底深字或深底浅字均可，大致裁剪到数字范围。粗或细的笔画都会被调整到 MNIST 的粗细。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;“97.3% sure” is the probability the network gives the digit it reads; the ten bars share 100% between the digits. It is how sure the network is, not how often it is right: a network can be sure and wrong (the Errors tab lists such digits first). A low value, or two long bars, means the drawing looks like both digits: draw it again more clearly, or press the right digit to keep it in My digits.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“置信度 97.3%”是网络给所识别数字的概率；十个概率条合计为 100%。它表示网络有多确定，而不是它有多常正确：网络可能很确定却是错的（“错误”标签页会把这类数字排在最前）。数值较低，或有两个较长的概率条，说明所写的内容看起来像两个数字：请写得更清楚些再试，或按下正确的数字把它保存到“我的数字”。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{guide} opens this guide. {next} and {previous} (or {next2} and {previous2}) go to the next and the previous tab. &lt;b&gt;Help ▸ Keyboard shortcuts&lt;/b&gt; lists every key.&lt;/p&gt;</source>
        <translation>&lt;p&gt;{guide} 打开本指南。{next} 和 {previous}（或 {next2} 和 {previous2}）切换到下一个和上一个标签页。&lt;b&gt;帮助 ▸ 键盘快捷键&lt;/b&gt;列出所有按键。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>KeepRow</name>
    <message>
        <source>Teach it your handwriting: it is really a</source>
        <translation>教它认识你的笔迹：它其实是</translation>
    </message>
    <message>
        <source>Correct ✓</source>
        <translation>正确 ✓</translation>
    </message>
    <message>
        <source>The prediction is right: keep this digit in My digits (Enter)</source>
        <translation>预测正确：把这个数字保存到“我的数字”（Enter）</translation>
    </message>
    <message>
        <source>It is a %1: keep it in My digits with this label (key %1)</source>
        <translation>它是 %1：以此标签保存到“我的数字”（按键 %1）</translation>
    </message>
    <message>
        <source>Keep the digit in My digits as this digit</source>
        <translation>以这个数字保存到“我的数字”</translation>
    </message>
    <message>
        <source>Keep the digit in My digits as read (Correct ✓)</source>
        <translation>按识别结果保存到“我的数字”（正确 ✓）</translation>
    </message>
    <message>
        <source>Adapt…</source>
        <translation>适应…</translation>
    </message>
    <message>
        <source>Adapt the model to the digits you kept (My digits tab)</source>
        <translation>让模型适应你保存的数字（“我的数字”标签页）</translation>
    </message>
    <message>
        <source>Draw or open a digit first.</source>
        <translation>请先书写或打开一个数字。</translation>
    </message>
    <message>
        <source>No prediction to confirm yet: press the right digit instead.</source>
        <translation>还没有可确认的预测：请直接按正确的数字。</translation>
    </message>
    <message>
        <source>Kept digit {i} of the number as a {label} — My digits: {total}</source>
        <translation>已把这个多位数的第 {i} 位保存为 {label} — 我的数字：{total}</translation>
    </message>
    <message>
        <source>Kept as a {label} — My digits: {total} ({n} of {label})</source>
        <translation>已保存为 {label} — 我的数字：{total}（其中 {label}：{n} 个）</translation>
    </message>
</context>
<context>
    <name>LogBox</name>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>warning:</source>
        <translation>警告：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Draw</source>
        <translation>手写</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>我的数字</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>数字地图</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>MNIST not loaded</source>
        <translation>MNIST 未加载</translation>
    </message>
    <message>
        <source>Loading MNIST…</source>
        <translation>正在加载 MNIST…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Load model…</source>
        <translation>加载模型(&amp;L)…</translation>
    </message>
    <message>
        <source>Use the &amp;bundled model</source>
        <translation>使用内置模型(&amp;B)</translation>
    </message>
    <message>
        <source>Choose &amp;MNIST folder…</source>
        <translation>选择 &amp;MNIST 文件夹…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation>使用指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Next tab</source>
        <translation>下一个标签页</translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation>上一个标签页</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Load a model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <source>Keras models (*.keras);;All files (*)</source>
        <translation>Keras 模型 (*.keras);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot load the model</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <source>%1

The model in use stays active: %2.</source>
        <translation>%1

继续使用当前模型：%2。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Folder with the MNIST files</source>
        <translation>存放 MNIST 文件的文件夹</translation>
    </message>
    <message>
        <source>not loaded</source>
        <translation>未加载</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>关于 %1</translation>
    </message>
    <message>
        <source>Draw digits and see what a convolutional network thinks; train your own network and walk through the digits it gets wrong.</source>
        <translation>手写数字，看看卷积神经网络怎么想；训练你自己的网络，逐一查看它认错的数字。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Data licences.&lt;/b&gt; MNIST database by Y. LeCun, C. Cortes and C. J. C. Burges, CC BY-SA 3.0. Pen-Based Recognition of Handwritten Digits, E. Alpaydin and F. Alimoglu, UCI Machine Learning Repository, CC BY 4.0 (sample drawings).</source>
        <translation>&lt;b&gt;数据许可。&lt;/b&gt;MNIST 数据库，作者 Y. LeCun、C. Cortes 和 C. J. C. Burges，CC BY-SA 3.0。Pen-Based Recognition of Handwritten Digits，作者 E. Alpaydin 和 F. Alimoglu，UCI Machine Learning Repository，CC BY 4.0（示例手写）。</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>MNIST: %1 train + %2 test digits</source>
        <translation>MNIST：训练集 %1 + 测试集 %2 个数字</translation>
    </message>
</context>
<context>
    <name>MapTab</name>
    <message>
        <source>The map appears when this tab is first shown.</source>
        <translation>第一次打开本页时生成数字地图。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Whole map</source>
        <translation>整张地图</translation>
    </message>
    <message>
        <source>Show the whole map again (or double-click it)</source>
        <translation>重新显示整张地图（或双击地图）</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>No map yet</source>
        <translation>尚无地图</translation>
    </message>
    <message>
        <source>Wheel: zoom • right or middle drag: pan • left drag: select • click: open a digit • double-click: whole map</source>
        <translation>滚轮：缩放 • 右键或中键拖动：平移 • 左键拖动：选择 • 单击：打开数字 • 双击：整张地图</translation>
    </message>
    <message>
        <source>Drag a rectangle on the map to list its digits here.</source>
        <translation>在地图上拖出一个矩形，其中的数字会列在这里。</translation>
    </message>
    <message>
        <source>Draw a digit on the Draw tab: it is placed here as a star.</source>
        <translation>在绘图页写一个数字：它会以星号显示在这里。</translation>
    </message>
    <message>
        <source>Click a digit on the map</source>
        <translation>单击地图上的数字</translation>
    </message>
    <message>
        <source>Stopped. Press Compute map to make it.</source>
        <translation>已停止。按“生成地图”重新生成。</translation>
    </message>
    <message>
        <source>Compute map</source>
        <translation>生成地图</translation>
    </message>
    <message>
        <source>Making the map of the 10,000 test digits…</source>
        <translation>正在生成 10,000 个测试集数字的地图…</translation>
    </message>
    <message>
        <source>Making the map…</source>
        <translation>正在生成地图…</translation>
    </message>
    <message>
        <source>Reading the digits&apos; features…</source>
        <translation>正在读取数字的特征…</translation>
    </message>
    <message>
        <source>Laying the map out…</source>
        <translation>正在排布地图…</translation>
    </message>
    <message>
        <source>from the cache</source>
        <translation>来自缓存</translation>
    </message>
    <message>
        <source>made in %1 s</source>
        <translation>用时 %1 秒</translation>
    </message>
    <message>
        <source>%1 test digits as the network sees them (its last hidden layer), %2 misread (ringed); %3.</source>
        <translation>按网络视角（最后一个隐藏层）排布的 %1 个测试集数字，其中 %2 个识别错误（圈出）；%3。</translation>
    </message>
    <message>
        <source>No map: %1</source>
        <translation>无法生成地图：%1</translation>
    </message>
    <message>
        <source>%1 digits selected, %2 misread (first) • %3</source>
        <translation>已选择 %1 个数字，其中 %2 个识别错误（排在前面）• %3</translation>
    </message>
    <message>
        <source>Your digit (the star): its %1 nearest test digits are mostly %2s</source>
        <translation>你的数字（星号）：与它最近的 %1 个测试集数字大多是 %2</translation>
    </message>
    <message>
        <source>Export the map as PNG</source>
        <translation>将地图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>digit %1</source>
        <translation>数字 %1</translation>
    </message>
    <message>
        <source>misread</source>
        <translation>识别错误</translation>
    </message>
    <message>
        <source>your digit</source>
        <translation>你的数字</translation>
    </message>
    <message>
        <source>The test digits as %1 sees them</source>
        <translation>%1 眼中的测试集数字</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Export the map&apos;s coordinates as CSV</source>
        <translation>将地图坐标导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>digit %1</source>
        <translation>数字 %1</translation>
    </message>
    <message>
        <source>misread</source>
        <translation>识别错误</translation>
    </message>
    <message>
        <source>your digit</source>
        <translation>你的数字</translation>
    </message>
    <message>
        <source>#%1: a %2</source>
        <translation>#%1：数字 %2</translation>
    </message>
    <message>
        <source>#%1: %2 read as %3</source>
        <translation>#%1：%2 被识别为 %3</translation>
    </message>
</context>
<context>
    <name>MissingDataPanel</name>
    <message>
        <source>MNIST not found</source>
        <translation>未找到 MNIST</translation>
    </message>
    <message>
        <source>The MNIST handwritten digits (60,000 training and 10,000 test images) are needed %1.</source>
        <translation>需要 MNIST 手写数字（60,000 张训练图像和 10,000 张测试图像）%1。</translation>
    </message>
    <message>
        <source>The MNIST handwritten digits (60,000 training and 10,000 test images) are needed.</source>
        <translation>需要 MNIST 手写数字（60,000 张训练图像和 10,000 张测试图像）。</translation>
    </message>
    <message>
        <source>Download them (about %1 MB, verified against its SHA-256 checksum) or choose a folder that holds &lt;i&gt;mnist.npz&lt;/i&gt; or the four original IDX files.</source>
        <translation>请下载（约 %1 MB，会用 SHA-256 校验和验证），或选择一个包含 &lt;i&gt;mnist.npz&lt;/i&gt; 或四个原始 IDX 文件的文件夹。</translation>
    </message>
    <message>
        <source>The IDX files: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each may be .gz)</source>
        <translation>IDX 文件：train-images-idx3-ubyte、train-labels-idx1-ubyte、t10k-images-idx3-ubyte、t10k-labels-idx1-ubyte（均可为 .gz）</translation>
    </message>
    <message>
        <source>Download MNIST</source>
        <translation>下载 MNIST</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Folder with the MNIST files</source>
        <translation>存放 MNIST 文件的文件夹</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Downloading MNIST…</source>
        <translation>正在下载 MNIST…</translation>
    </message>
    <message>
        <source>Loading MNIST…</source>
        <translation>正在加载 MNIST…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>下载已取消。</translation>
    </message>
    <message>
        <source>MNIST loaded</source>
        <translation>MNIST 已加载</translation>
    </message>
</context>
<context>
    <name>MyDigitsModel</name>
    <message>
        <source>, the model reads %1 (%2)</source>
        <translation>，模型识别为 %1（%2）</translation>
    </message>
    <message>
        <source>drawing</source>
        <translation>手写</translation>
    </message>
    <message>
        <source>picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>MyDigitsStore</name>
    <message>
        <source>Could not save My digits ({0}); nothing was changed.</source>
        <translation>无法保存“我的数字”（{0}）；未做任何更改。</translation>
    </message>
</context>
<context>
    <name>MyDigitsTab</name>
    <message>
        <source>Relabel as %1</source>
        <translation>重新标注为 %1</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected digits</source>
        <translation>删除选中的数字</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last change (add, relabel, delete, import)</source>
        <translation>撤销上一次更改（添加、重新标注、删除、导入）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Adapt to my handwriting</source>
        <translation>适应我的笔迹</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Use the original model</source>
        <translation>使用原始模型</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>我的数字</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s)</source>
        <translation>
            <numerusform>%n 个数字</numerusform>
        </translation>
    </message>
    <message>
        <source>Adapting on your {n} digits (digits kept now count next time).</source>
        <translation>正在用你的 {n} 个数字进行适应（现在保存的数字下次才会计入）。</translation>
    </message>
    <message>
        <source>Adapt will fine-tune a copy of the model on your {n} digits, mixed with MNIST so it does not forget, and check it on digits held out of it; your model is not changed.</source>
        <translation>“适应”会用你的 {n} 个数字（混入 MNIST 以免遗忘）微调模型的一个副本，并在留出的数字上检验它；你的模型不会被更改。</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) relabelled as %1.</source>
        <translation>
            <numerusform>已将 %n 个数字重新标注为 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) deleted (Undo brings them back).</source>
        <translation>
            <numerusform>已删除 %n 个数字（“撤销”可恢复）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation>已撤销。</translation>
    </message>
    <message>
        <source>Export my digits</source>
        <translation>导出我的数字</translation>
    </message>
    <message>
        <source>Digit strokes (*.json)</source>
        <translation>数字笔画 (*.json)</translation>
    </message>
    <message>
        <source>Could not export to %1 (%2).</source>
        <translation>无法导出到 %1（%2）。</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) exported to %1.</source>
        <translation>
            <numerusform>已将 %n 个数字导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import digits</source>
        <translation>导入数字</translation>
    </message>
    <message>
        <source>Digit strokes (*.json);;All files (*)</source>
        <translation>数字笔画 (*.json);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) imported from %1.</source>
        <translation>
            <numerusform>已从 %1 导入 %n 个数字。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NumberStrip</name>
    <message>
        <source>The number as read; select it or press Copy to use it elsewhere</source>
        <extracomment>Tag colours on the canvas and the tiles: a digit, an unsure one, one that is not a digit.</extracomment>
        <translation>识别出的多位数；选中它或按“复制”以便在别处使用</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the number to the clipboard</source>
        <translation>把这个多位数复制到剪贴板</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>多位数</translation>
    </message>
    <message>
        <source>Digit %1 of the number: show its probabilities and evidence (or right-click its box on the canvas)</source>
        <translation>多位数的第 %1 位：显示其概率和证据（也可在画布上右键点击它的方框）</translation>
    </message>
</context>
<context>
    <name>PictureSource</name>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>图片 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open a picture of a digit</source>
        <translation>打开一张数字图片</translation>
    </message>
    <message>
        <source>The clipboard holds no picture.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <source>Cannot use this picture</source>
        <translation>无法使用这张图片</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Cosine decay (with warm-up)</source>
        <translation>余弦衰减（带预热）</translation>
    </message>
    <message>
        <source>One-cycle (rise, then fall)</source>
        <translation>单周期（先升后降）</translation>
    </message>
    <message>
        <source>Quick (under a minute, 99.2%)</source>
        <translation>快速（不到一分钟，99.2%）</translation>
    </message>
    <message>
        <source>A LeNet-like network with batch norm: 3 epochs on all 60,000 digits, one-cycle learning rate. Measured here (2-core CPU, benchmarks/time_to_accuracy.py, from Start): 99.0% test accuracy after 27-36 s, 99.16% at the end of the run (45-51 s).</source>
        <translation>带批归一化的类 LeNet 网络：在全部 60,000 个数字上训练 3 轮，单周期学习率。本机实测（2 核 CPU，benchmarks/time_to_accuracy.py，从按下“开始”计时）：27-36 秒后测试准确率达 99.0%，运行结束时 99.16%（45-51 秒）。</translation>
    </message>
    <message>
        <source>Tutorial (exact)</source>
        <translation>教程（原样）</translation>
    </message>
    <message>
        <source>The classic Keras tutorial unchanged: its network, Adam 0.001, batch 32, 3 epochs on all 60,000 digits. Measured here: 97.7% after 26 s, 98.08% at the end (89 s).</source>
        <translation>原封不动的经典 Keras 教程：其网络、Adam 0.001、批大小 32、在全部 60,000 个数字上训练 3 轮。本机实测：26 秒后 97.7%，结束时 98.08%（89 秒）。</translation>
    </message>
    <message>
        <source>Best (99.6% in under 10 min)</source>
        <translation>最佳（10 分钟内 99.6%）</translation>
    </message>
    <message>
        <source>The wide LeNet-like network with a dense layer: 15 epochs on all 60,000 digits, half of every batch distorted (rotation, slant, aspect, elastic), one-cycle learning rate. Measured here: 99.6% test accuracy after 508 s (epoch 14), 99.61% at the end (545 s).</source>
        <translation>带全连接层的宽类 LeNet 网络：在全部 60,000 个数字上训练 15 轮，每批一半数据经过变形（旋转、倾斜、宽高比、弹性形变），单周期学习率。本机实测：508 秒后（第 14 轮）测试准确率 99.6%，结束时 99.61%（545 秒）。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <source>no prediction</source>
        <translation>无预测</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Epoch %1 of %2</source>
        <translation>第 %1 轮，共 %2 轮</translation>
    </message>
    <message>
        <source>Starting: handing the digits to the training process…</source>
        <translation>正在启动：把数字交给训练进程…</translation>
    </message>
    <message>
        <source>Test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Evaluating on %1 test digits…</source>
        <translation>正在 %1 个测试数字上评估…</translation>
    </message>
    <message>
        <source>validating epoch %1…</source>
        <translation>正在验证第 %1 轮…</translation>
    </message>
    <message>
        <source>loss %1 · accuracy %2</source>
        <translation>损失 %1 · 准确率 %2</translation>
    </message>
    <message>
        <source>%1 digits/s · about %2 left</source>
        <translation>%1 个数字/秒 · 约剩 %2</translation>
    </message>
    <message>
        <source>measuring speed…</source>
        <translation>正在测量速度…</translation>
    </message>
    <message>
        <source>Training: %1 · %2</source>
        <translation>训练中：%1 · %2</translation>
    </message>
</context>
<context>
    <name>ResultBox</name>
    <message>
        <source>Trained model</source>
        <translation>训练好的模型</translation>
    </message>
    <message>
        <source>No trained model yet</source>
        <translation>尚无训练好的模型</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Make this run&apos;s model the app&apos;s model (the Draw tab and the others switch to it)</source>
        <translation>让程序使用这次运行的模型（“手写”等标签页都会切换到它）</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save this run&apos;s model (.keras) with its model card</source>
        <translation>保存这次运行的模型（.keras）及其模型卡片</translation>
    </message>
    <message>
        <source>Run %1 failed</source>
        <translation>第 %1 次运行失败</translation>
    </message>
    <message>
        <source>stopped after %1 of %2 epochs</source>
        <translation>在第 %1 轮（共 %2 轮）后停止</translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n 轮</numerusform>
        </translation>
    </message>
    <message>
        <source>Test accuracy of run %1</source>
        <translation>第 %1 次运行的测试准确率</translation>
    </message>
    <message>
        <source>Test accuracy not measured of run %1</source>
        <translation>第 %1 次运行未测量测试准确率</translation>
    </message>
    <message>
        <source>%1: %2, %3, %4 training digits</source>
        <translation>%1：%2，%3，%4 个训练数字</translation>
    </message>
    <message>
        <source>trained %1 (run %2)</source>
        <translation>训练的 %1（第 %2 次运行）</translation>
    </message>
    <message>
        <source>Run %1&apos;s model is now the app&apos;s model</source>
        <translation>程序现在使用第 %1 次运行的模型</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Keras model (*.keras)</source>
        <translation>Keras 模型 (*.keras)</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
    <message>
        <source>Could not save the model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>Saved run %1&apos;s model to %2 (card: %3)</source>
        <translation>已把第 %1 次运行的模型保存到 %2（卡片：%3）</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>数字数</translation>
    </message>
    <message>
        <source>Aug.</source>
        <translation>增强</translation>
    </message>
    <message>
        <source>Val. acc.</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Test acc.</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Runs this session</source>
        <translation>本次会话的运行</translation>
    </message>
    <message>
        <source>Select a run to show its curves; select two to compare them (the older one dashed)</source>
        <translation>选中一次运行以显示其曲线；选中两次以进行比较（较早的一次为虚线）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Your own settings</source>
        <translation>你自己的设置</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Passes over the training digits (1 to 1000)</source>
        <translation>遍历训练数字的次数（1 到 1000）</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Digits per gradient step (1 to 8192); the arrows step through powers of two</source>
        <translation>每个梯度步的数字数（1 到 8192）；箭头按 2 的幂调整</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Adam learning rate (0.00001 to 1); the arrows step 1, 2, 3, 5, 10, …</source>
        <translation>Adam 学习率（0.00001 到 1）；箭头按 1、2、3、5、10…调整</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Share of the training digits held out to validate after every epoch (0 to 50 %)</source>
        <translation>留出用于每轮结束后验证的训练数字比例（0 到 50 %）</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Random small rotations, zooms and shifts of the training digits</source>
        <translation>对训练数字做随机的小幅旋转、缩放和平移</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Random seed for a repeatable run; &apos;random&apos; (below 0) for a different run each time</source>
        <translation>随机种子，用于可重复的运行；“随机”（小于 0）则每次运行都不同</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Train on the first N training digits only (a quicker, less accurate run)</source>
        <translation>只用前 N 个训练数字训练（更快，但准确率较低）</translation>
    </message>
    <message>
        <source>of 60,000</source>
        <translation>/ 60,000</translation>
    </message>
    <message>
        <source>Training digits</source>
        <translation>训练数字</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Finish the current batch and keep the weights trained so far</source>
        <translation>完成当前批次，并保留到目前为止训练的权重</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
    <message>
        <source>%1 × %2 batches of %3 on %4 digits</source>
        <translation>%1 × %2 批（每批 %3 个），共 %4 个数字</translation>
    </message>
    <message>
        <source>, validating on %1</source>
        <translation>，在 %1 个数字上验证</translation>
    </message>
</context>
<context>
    <name>ShortcutsWindow</name>
    <message>
        <source>Next tab</source>
        <translation>下一个标签页</translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation>上一个标签页</translation>
    </message>
    <message>
        <source>Anywhere</source>
        <translation>任意位置</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>功能</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <source>to train a network</source>
        <translation>才能训练网络</translation>
    </message>
    <message>
        <source>Ready: {train} training and {test} test digits from {source}</source>
        <translation>就绪：来自 {source} 的 {train} 个训练数字和 {test} 个测试数字</translation>
    </message>
    <message>
        <source>Loading another data set failed: {0}</source>
        <translation>加载另一个数据集失败：{0}</translation>
    </message>
    <message>
        <source>Invalid settings</source>
        <translation>设置无效</translation>
    </message>
    <message>
        <source>run {0}</source>
        <translation>运行 {0}</translation>
    </message>
    <message>
        <source>Run {n}: {arch}, {epochs} epoch(s), batch {batch}, learning rate {lr} ({schedule}), validation {val}, augmentation {aug}, seed {seed}, {digits} training digits</source>
        <translation>第 {n} 次运行：{arch}，{epochs} 轮，批大小 {batch}，学习率 {lr}（{schedule}），验证集 {val}，数据增强{aug}，随机种子 {seed}，{digits} 个训练数字</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Training on the first {0} of {1} digits: expect a lower accuracy than with all of them</source>
        <translation>只用 {1} 个数字中的前 {0} 个训练：准确率会低于使用全部数字</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>将在当前批次后停止…</translation>
    </message>
    <message>
        <source>Stop requested: finishing the current batch</source>
        <translation>已请求停止：正在完成当前批次</translation>
    </message>
    <message numerus="yes">
        <source>Closing without saving %n trained model(s)</source>
        <translation>
            <numerusform>关闭时不保存 %n 个训练好的模型</numerusform>
        </translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close?

The model trained so far will be lost unless you keep the window open, stop the run and save the model.</source>
        <translation>一次训练正在进行。要停止训练并关闭吗？

除非保持窗口打开、停止运行并保存模型，否则到目前为止训练的模型将会丢失。</translation>
    </message>
    <message>
        <source>Still stopping</source>
        <translation>仍在停止</translation>
    </message>
    <message>
        <source>The training run is still stopping. Try closing again in a moment.</source>
        <translation>训练仍在停止中。请稍后再尝试关闭。</translation>
    </message>
    <message>
        <source>Run {0}, epoch {1}: test accuracy {2}</source>
        <translation>第 {0} 次运行，第 {1} 轮：测试准确率 {2}</translation>
    </message>
    <message>
        <source>loss {0}</source>
        <translation>损失 {0}</translation>
    </message>
    <message>
        <source>accuracy {0}</source>
        <translation>准确率 {0}</translation>
    </message>
    <message>
        <source>val. loss {0}</source>
        <translation>验证损失 {0}</translation>
    </message>
    <message>
        <source>val. accuracy {0}</source>
        <translation>验证准确率 {0}</translation>
    </message>
    <message>
        <source>Run {0}, epoch {1}/{2}</source>
        <translation>第 {0} 次运行，第 {1}/{2} 轮</translation>
    </message>
    <message>
        <source> (stopped part-way)</source>
        <translation>（中途停止）</translation>
    </message>
    <message>
        <source>; {0} elapsed, {1} digits/s</source>
        <translation>；已用 {0}，{1} 个数字/秒</translation>
    </message>
    <message>
        <source>stopped after {0} epoch(s)</source>
        <translation>在 {0} 轮后停止</translation>
    </message>
    <message numerus="yes">
        <source>finished %n epoch(s)</source>
        <translation>
            <numerusform>完成了 %n 轮</numerusform>
        </translation>
    </message>
    <message>
        <source>test accuracy {0}</source>
        <translation>测试准确率 {0}</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>未评估</translation>
    </message>
    <message>
        <source>Run {0} {1} in {2} ({3} digits/s); {4}</source>
        <translation>第 {0} 次运行{1}，用时 {2}（{3} 个数字/秒）；{4}</translation>
    </message>
    <message>
        <source>Run {0} {1}: {2}</source>
        <translation>第 {0} 次运行{1}：{2}</translation>
    </message>
    <message>
        <source>Test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Run {0} failed: {1}</source>
        <translation>第 {0} 次运行失败：{1}</translation>
    </message>
    <message>
        <source>Training failed: {0}</source>
        <translation>训练失败：{0}</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>The training run failed:

{0}</source>
        <translation>训练运行失败：

{0}</translation>
    </message>
    <message>
        <source>Run {0}&apos;s model: test accuracy {1} (measured by the Errors tab)</source>
        <translation>第 {0} 次运行的模型：测试准确率 {1}（由“错误”标签页测得）</translation>
    </message>
    <message>
        <source>Load MNIST first (see the panel at the top)</source>
        <translation>请先加载 MNIST（见顶部面板）</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>cross-entropy (log scale)</source>
        <translation>交叉熵（对数刻度）</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>正确率</translation>
    </message>
    <message>
        <source>curves appear here
when training starts</source>
        <translation>开始训练后
曲线将显示在这里</translation>
    </message>
    <message>
        <source>train, per batch (smoothed)</source>
        <translation>训练，每批（平滑）</translation>
    </message>
    <message>
        <source>train, epoch mean</source>
        <translation>训练，每轮平均</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>train (dashed)</source>
        <translation>训练（虚线）</translation>
    </message>
</context>
<context>
    <name>UnsavedRuns</name>
    <message>
        <source>accuracy not measured</source>
        <translation>未测量准确率</translation>
    </message>
    <message>
        <source> (the model in use)</source>
        <translation>（正在使用的模型）</translation>
    </message>
    <message>
        <source>Unsaved models</source>
        <translation>未保存的模型</translation>
    </message>
    <message>
        <source>A trained model of this session was never saved. Save it before closing?</source>
        <translation>本次会话训练的一个模型从未保存。关闭前要保存吗？</translation>
    </message>
    <message>
        <source>%n trained models of this session were never saved. Save them before closing?</source>
        <translation>本次会话训练的 %n 个模型从未保存。关闭前要保存吗？</translation>
    </message>
    <message>
        <source>Closing removes the training runs&apos; folders: an unsaved model is gone for good.</source>
        <translation>关闭会删除训练运行的文件夹：未保存的模型将永久丢失。</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save each…</source>
        <translation>逐个保存…</translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation>丢弃并关闭</translation>
    </message>
</context>
<context>
    <name>_ErrorBridge</name>
    <message>
        <source>%1 - unexpected error</source>
        <translation>%1 - 意外错误</translation>
    </message>
    <message>
        <source>Something went wrong: %1

The app keeps running. Details were written to %2.</source>
        <translation>出现了问题：%1

程序会继续运行。详细信息已写入 %2。</translation>
    </message>
</context>
<context>
    <name>architectures</name>
    <message>
        <source>Default (best)</source>
        <translation>默认（最佳）</translation>
    </message>
    <message>
        <source>Batch-normalised VGG-style CNN with dropout, augmentation and cosine learning rate; ~99.6%.</source>
        <translation>带批归一化的 VGG 式卷积神经网络，使用 dropout、数据增强和余弦学习率；约 99.6%。</translation>
    </message>
    <message>
        <source>Robust (bundled)</source>
        <translation>稳健（内置）</translation>
    </message>
    <message>
        <source>The default network with a second 128-filter stage, as trained for the bundled model (mnist-gui train --recipe bundled: MNIST plus pen digits, style augmentation).</source>
        <translation>在默认网络基础上增加第二个 128 滤波器阶段，即内置模型的训练方式（mnist-gui train --recipe bundled：MNIST 加手写笔数字，风格增强）。</translation>
    </message>
    <message>
        <source>Tutorial (original)</source>
        <translation>教程（原版）</translation>
    </message>
    <message>
        <source>The classic Keras tutorial: Conv 64, Conv 32, Flatten, Dense 10; Adam, batch 32, 3 epochs; ~97.7%.</source>
        <translation>经典 Keras 教程：Conv 64、Conv 32、Flatten、Dense 10；Adam，批大小 32，3 轮；约 97.7%。</translation>
    </message>
    <message>
        <source>Quick (LeNet-like, batch norm)</source>
        <translation>快速（类 LeNet，批归一化）</translation>
    </message>
    <message>
        <source>Two 5x5 conv-BN stages of 16 and 32 filters with pooling and dropout (29 k parameters); with a one-cycle learning rate, 99.2% after three epochs in well under a minute on a CPU.</source>
        <translation>两个 5x5 卷积-批归一化阶段（16 和 32 个滤波器），带池化和 dropout（2.9 万个参数）；使用单周期学习率，在 CPU 上不到一分钟训练三轮即达 99.2%。</translation>
    </message>
    <message>
        <source>LeNet-like, wide (batch norm)</source>
        <translation>类 LeNet，宽（批归一化）</translation>
    </message>
    <message>
        <source>Two 5x5 conv-BN stages of 32 and 64 filters with pooling, a dense layer of 128 and dropout (0.45 M parameters); trained with augmentation and a one-cycle learning rate (the Best preset).</source>
        <translation>两个 5x5 卷积-批归一化阶段（32 和 64 个滤波器），带池化、128 单元全连接层和 dropout（45 万个参数）；使用数据增强和单周期学习率训练（“最佳”预设）。</translation>
    </message>
    <message>
        <source>Small (quick)</source>
        <translation>小型（快速）</translation>
    </message>
    <message>
        <source>Two small conv+pool stages: trains in about a minute on a CPU; ~98.5%.</source>
        <translation>两个小型卷积+池化阶段：在 CPU 上约一分钟训练完成；约 98.5%。</translation>
    </message>
</context>
<context>
    <name>dataset_tab</name>
    <message>
        <source>MNIST — Dataset</source>
        <translation>MNIST — 数据集</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>%1 · test accuracy %2 · %3</source>
        <translation>%1 · 测试准确率 %2 · %3</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>most confident first</source>
        <translation>置信度高的在前</translation>
    </message>
    <message>
        <source>least confident first</source>
        <translation>置信度低的在前</translation>
    </message>
    <message>
        <source> · first %1 of %2</source>
        <translation> · %2 个中的前 %1 个</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not save %1:
%2</source>
        <translation>无法保存%1：
%2</translation>
    </message>
</context>
<context>
    <name>imageio</name>
    <message>
        <source>{path}: this file is not a picture the app can open ({formats})</source>
        <translation>{path}：此文件不是本程序能打开的图片（{formats}）</translation>
    </message>
    <message>
        <source>{path}: picture of {w}x{h} pixels is too large (limit {mp} MP)</source>
        <translation>{path}：{w}x{h} 像素的图片太大（上限 {mp} 百万像素）</translation>
    </message>
    <message>
        <source>{path}: cannot decode the picture ({error})</source>
        <translation>{path}：无法解码图片（{error}）</translation>
    </message>
    <message>
        <source>the pasted picture is too large</source>
        <translation>粘贴的图片太大</translation>
    </message>
</context>
</TS>
